import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient } from '../../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../../src/core/net/trackerError';
import { JiraCloudProvider } from '../../../../../src/core/tickets/providers/jiraCloud';
import { JiraServerProvider } from '../../../../../src/core/tickets/providers/jiraServer';
import type { TrackerCredentials } from '../../../../../src/core/tickets/providers/trackerProvider';
import { type FakeJira, JIRA_CLOUD_EMAIL, JIRA_CLOUD_TOKEN, JIRA_SERVER_TOKEN, startFakeJira } from '../../../../fixtures/trackers/fakeJira';
import type { JiraFlavour } from '../../../../fixtures/trackers/fakeJiraShapes';

// Set-up shared by the Jira provider suites (jira.*.test.ts): a provider over the fake Jira of
// either flavour, and a check that every error is a TrackerError of the expected kind with no secret in it.

const PROJECTS = ['PROJ', 'OPS'];
export const BASIC = `Basic ${Buffer.from(`${JIRA_CLOUD_EMAIL}:${JIRA_CLOUD_TOKEN}`).toString('base64')}`;
const BEARER = `Bearer ${JIRA_SERVER_TOKEN}`;
/** Strings that must never show in an error: the tokens, the Basic value and its base64 alone. */
export const SECRETS = [JIRA_CLOUD_TOKEN, JIRA_SERVER_TOKEN, BASIC, BASIC.slice('Basic '.length), BEARER];

const CREDENTIALS: Record<JiraFlavour, TrackerCredentials> = {
  cloud: { kind: 'basic', username: JIRA_CLOUD_EMAIL, token: JIRA_CLOUD_TOKEN },
  server: { kind: 'bearer', token: JIRA_SERVER_TOKEN },
};

/** Each flavour with the API version, search path and Authorization value its provider must use. */
export const JIRA_FLAVOURS = [
  { flavour: 'cloud', v: '3', searchPath: '/rest/api/3/search/jql', authorization: BASIC },
  { flavour: 'server', v: '2', searchPath: '/rest/api/2/search', authorization: BEARER },
] as const;

/** The title of a flavour's suite, the same in every file. */
export const providerSuite = (flavour: JiraFlavour) => `Jira ${flavour === 'cloud' ? 'Cloud' : 'Data Center'} provider`;

/** Starts a fake Jira of the flavour (two issues a search page) before each test, and closes it after. */
export function withFakeJira(flavour: JiraFlavour, started: (fake: FakeJira) => void): void {
  let fake: FakeJira | undefined;
  beforeEach(async () => {
    fake = await startFakeJira({ flavour, pageSize: 2 });
    started(fake);
  });
  afterEach(() => fake?.close());
}

interface Setup {
  readonly timeoutMs?: number;
  readonly jql?: string;
  readonly projects?: readonly string[];
  readonly credentials?: TrackerCredentials;
  readonly baseUrl?: string;
}

export function providerFor(fake: FakeJira, setup: Setup = {}): JiraCloudProvider | JiraServerProvider {
  const http = new HttpClient('Jira', { ...DEFAULT_NETWORK, timeoutMs: setup.timeoutMs ?? DEFAULT_NETWORK.timeoutMs });
  const deps = { http, credentials: setup.credentials ?? CREDENTIALS[fake.flavour], logger: silentLogger };
  const baseUrl = setup.baseUrl ?? fake.baseUrl;
  const projects = setup.projects ?? PROJECTS;
  return fake.flavour === 'cloud'
    ? new JiraCloudProvider({ type: 'jira-cloud', baseUrl, jql: setup.jql }, deps, projects)
    : new JiraServerProvider({ type: 'jira-server', id: 'acme-jira', baseUrl, jql: setup.jql }, deps, projects);
}

/** Every error this file's suites saw (each test file is its own bundle), checked at the end for leaked secrets. */
export const seenErrors: TrackerError[] = [];

export async function expectTrackerError(promise: Promise<unknown>, kind: TrackerErrorKind, message?: RegExp): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TrackerError, `expected a TrackerError, got ${String(error)}`);
    seenErrors.push(error);
    assert.equal(error.kind, kind, error.message);
    if (message) assert.match(error.message, message);
    for (const secret of SECRETS) assert.ok(!error.message.includes(secret) && !(error.stack ?? '').includes(secret), `secret in: ${error.message}`);
    return error;
  }
  assert.fail(`expected a TrackerError of kind ${kind}, but the call succeeded`);
}

export const apiRequests = (fake: FakeJira, suffix: string) => fake.requests.filter((r) => r.path.endsWith(suffix));
