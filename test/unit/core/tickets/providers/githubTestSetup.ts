import * as assert from 'node:assert/strict';
import type { Logger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient } from '../../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../../src/core/net/trackerError';
import { GitHubProvider } from '../../../../../src/core/tickets/providers/github';
import type { TrackerCredentials } from '../../../../../src/core/tickets/providers/trackerProvider';
import { type FakeGitHub, type FakeGitHubIssue, startFakeGitHub } from '../../../../fixtures/trackers/fakeGitHub';

// Set-up shared by the GitHub provider suites (github.*.test.ts): the issues the fake holds, a
// logger that keeps every line (each test file is its own bundle, so each file has its own), and a
// provider over the fake of the moment.

export const TOKEN = 'ghp_Zq8testTokenThatMustNeverLeak0123';
export const logged: string[] = [];
export const logger: Logger = {
  trace: (m) => void logged.push(m),
  debug: (m) => void logged.push(m),
  info: (m) => void logged.push(m),
  warn: (m) => void logged.push(m),
  error: (m) => void logged.push(String(m)),
};

// 3 named issues, a pull request, a closed issue, and 150 more open items (every tenth a PR).
const named: FakeGitHubIssue[] = [
  { number: 12, title: 'Login fails on Safari', assignee: 'ana', labels: ['bug'], updatedAt: '2024-05-03T10:00:00Z' },
  { number: 13, title: 'Export to CSV', updatedAt: '2024-05-02T10:00:00Z' },
  { number: 14, title: 'Fix login redirect', pullRequest: true, updatedAt: '2024-05-04T10:00:00Z' },
  { number: 15, title: 'Old login page', state: 'closed', updatedAt: '2024-05-05T10:00:00Z' },
];
const bulk: FakeGitHubIssue[] = Array.from({ length: 150 }, (_, i) => ({
  number: 100 + i,
  title: `Bulk item ${100 + i}`,
  pullRequest: i % 10 === 0,
  updatedAt: `2024-04-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`,
}));
export const issues = [...named, ...bulk];
export const openIssueCount = issues.filter((i) => !i.pullRequest && i.state !== 'closed').length;

export async function rejectsWith(promise: Promise<unknown>, kind: TrackerErrorKind): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TrackerError, `expected a TrackerError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    assert.ok(!error.message.includes(TOKEN) && !(error.stack ?? '').includes(TOKEN), 'the token leaked into an error');
    return error;
  }
  return assert.fail(`expected a TrackerError of kind ${kind}`);
}

/** `make(options)` of the suites: a GitHubProvider for acme/app on the fake `current()` returns. */
export function providerMaker(current: () => FakeGitHub) {
  return (options: { http?: HttpClient; credentials?: TrackerCredentials; baseUrl?: string } = {}) =>
    new GitHubProvider(
      { type: 'github', id: 'gh', repository: 'acme/app', baseUrl: options.baseUrl ?? current().apiUrl },
      { http: options.http ?? new HttpClient('GitHub', DEFAULT_NETWORK, logger), credentials: options.credentials ?? { kind: 'bearer', token: TOKEN }, logger },
    );
}

/** Starts the fake with the issues and the token before each test, and closes the one the test ends with. */
export function withFakeGitHub(current: () => FakeGitHub, started: (fake: FakeGitHub) => void): void {
  beforeEach(async () => started(await startFakeGitHub({ issues, token: TOKEN })));
  afterEach(async () => {
    await current().close();
  });
}
