import * as assert from 'node:assert/strict';
import { fixedClock } from '../../../../../src/core/clock';
import { silentLogger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient } from '../../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../../src/core/net/trackerError';
import { isPermanentFailure } from '../../../../../src/core/records/sinks/recordSink';
import { AzureBoardsProvider } from '../../../../../src/core/tickets/providers/azureBoards';
import { GitHubProvider } from '../../../../../src/core/tickets/providers/github';
import { GitLabProvider } from '../../../../../src/core/tickets/providers/gitlab';
import { JiraCloudProvider } from '../../../../../src/core/tickets/providers/jiraCloud';
import { CAPTCHA_RETRY_MS } from '../../../../../src/core/tickets/providers/jiraShared';
import { LinearProvider } from '../../../../../src/core/tickets/providers/linear';
import type { TrackerProvider } from '../../../../../src/core/tickets/providers/trackerProvider';
import {
  AZURE_RATE_DOC, type BadDayReply, GITLAB_RATE_DOC, githubForbidden, githubPrimary, githubSecondary, jira429, jiraCaptcha, linearError, retryAfter429, send, trickle,
} from '../../../../fixtures/trackers/badDayReplies';
import { type LocalHttpServer, startLocalHttpServer } from '../../../../helpers/localHttpServer';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const NOW_S = NOW / 1000;
const clock = fixedClock(NOW);

type Vendor = 'github' | 'gitlab' | 'linear' | 'jira' | 'azure';

/** Each provider, pointed at the fake, with a comment key it owns. */
function providerFor(vendor: Vendor, url: string, timeoutMs = 5_000): { provider: TrackerProvider; key: string } {
  // maxRetryWaitMs 0: no test sleeps; a limit always comes back as an error with retryAt.
  const http = new HttpClient(vendor, { ...DEFAULT_NETWORK, timeoutMs, maxRetryWaitMs: 0 }, silentLogger, clock);
  const deps = { http, logger: silentLogger, credentials: { kind: 'bearer', token: 'tok_0123456789abcdef' } as const };
  switch (vendor) {
    case 'github':
      return { provider: new GitHubProvider({ type: 'github', repository: 'acme/app', baseUrl: url }, deps), key: '#1' };
    case 'gitlab':
      return { provider: new GitLabProvider({ type: 'gitlab', project: 'acme/app', baseUrl: url }, deps), key: '#1' };
    case 'linear':
      return { provider: new LinearProvider({ type: 'linear', teamKey: 'ENG', baseUrl: url }, { ...deps, credentials: { kind: 'bearer', token: 'lin_api_0123456789abcdef' } }), key: 'ENG-1' };
    case 'jira':
      return { provider: new JiraCloudProvider({ type: 'jira-cloud', baseUrl: url }, { ...deps, credentials: { kind: 'basic', username: 'ana@acme.com', token: 'tok_0123456789abcdef' } }, []), key: 'PROJ-1' };
    case 'azure':
      return { provider: new AzureBoardsProvider({ type: 'azure-boards', organization: 'acme', project: 'app', baseUrl: url }, deps), key: 'AB#1' };
  }
}

interface Row {
  readonly name: string;
  readonly vendor: Vendor;
  readonly reply: (base: string) => BadDayReply;
  readonly kind: TrackerErrorKind;
  /** retryAt expected (epoch ms); undefined: none, the failure is final. */
  readonly retryAt?: number;
  readonly message?: RegExp;
}

// One matrix for every tracker: the documented reply, and what a comment (a write) must make of it.
const rows: Row[] = [
  { name: 'GitHub primary limit, 403 + remaining 0: wait for x-ratelimit-reset', vendor: 'github', reply: () => githubPrimary(403, NOW_S + 600), kind: 'rateLimited', retryAt: NOW + 600_000 },
  { name: 'GitHub primary limit, 429 + remaining 0', vendor: 'github', reply: () => githubPrimary(429, NOW_S + 90), kind: 'rateLimited', retryAt: NOW + 90_000 },
  { name: 'GitHub secondary limit with retry-after: retry-after, not x-ratelimit-reset', vendor: 'github', reply: () => githubSecondary(403, 30, NOW_S + 3000), kind: 'rateLimited', retryAt: NOW + 30_000 },
  { name: 'GitHub secondary limit without retry-after: at least a minute', vendor: 'github', reply: () => githubSecondary(403, undefined, NOW_S + 3000), kind: 'rateLimited', retryAt: NOW + 60_000 },
  { name: 'GitHub secondary limit as 429 without retry-after', vendor: 'github', reply: () => githubSecondary(429, undefined, NOW_S + 3000), kind: 'rateLimited', retryAt: NOW + 60_000 },
  { name: 'GitHub 403 with requests left: forbidden, final', vendor: 'github', reply: () => githubForbidden(NOW_S + 3000), kind: 'forbidden', message: /Issues permission/ },
  { name: 'Linear RATELIMITED with HTTP 400: rate limited by the code, until the reset', vendor: 'linear', reply: () => linearError('RATELIMITED', NOW + 45_000), kind: 'rateLimited', retryAt: NOW + 45_000 },
  { name: 'Linear RATELIMITED without reset headers: a minute', vendor: 'linear', reply: () => linearError('RATELIMITED'), kind: 'rateLimited', retryAt: NOW + 60_000 },
  { name: 'Linear AUTHENTICATION_ERROR with HTTP 400: auth', vendor: 'linear', reply: () => linearError('AUTHENTICATION_ERROR'), kind: 'auth', message: /sign in again/ },
  { name: 'Jira 429 + Retry-After', vendor: 'jira', reply: () => jira429(20), kind: 'rateLimited', retryAt: NOW + 20_000 },
  { name: 'Jira CAPTCHA (403 + X-Seraph-LoginReason): sign in in a browser, retried later', vendor: 'jira', reply: (base) => jiraCaptcha(base), kind: 'auth', retryAt: NOW + CAPTCHA_RETRY_MS, message: /sign in to Jira in a browser once to clear the CAPTCHA/ },
  { name: 'GitLab 429 + Retry-After', vendor: 'gitlab', reply: () => retryAfter429(45, GITLAB_RATE_DOC), kind: 'rateLimited', retryAt: NOW + 45_000 },
  { name: 'Azure DevOps 429 + Retry-After', vendor: 'azure', reply: () => retryAfter429(10, AZURE_RATE_DOC), kind: 'rateLimited', retryAt: NOW + 10_000 },
];

describe('every tracker on a bad day (one matrix, documented replies)', () => {
  let server: LocalHttpServer;
  beforeEach(async () => {
    server = await startLocalHttpServer((_req, res) => {
      res.writeHead(500).end();
    });
  });
  afterEach(() => server.close());

  for (const row of rows) {
    it(`${row.vendor}: ${row.name}`, async () => {
      const reply = row.reply(server.url);
      server.handle((req, res) => send(reply, req, res));
      const { provider, key } = providerFor(row.vendor, server.url);
      const error = await provider.comment!(key, 'Deployed', { marker: 'REC1' }).then(
        () => assert.fail('the comment was accepted'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof TrackerError, String(error));
      assert.equal(error.kind, row.kind, error.message);
      assert.equal(error.retryAt, row.retryAt, error.message);
      if (row.message) assert.match(error.message, row.message);
      // A limit is retried later by the outbox, never dropped as a 4xx.
      assert.equal(isPermanentFailure(error), row.retryAt === undefined, 'permanent?');
      // One request: no burst of identical retries, no extra GET /rate_limit.
      assert.deepEqual(server.requests.map((r) => r.path).filter((p) => p.endsWith('/rate_limit')), []);
      assert.equal(server.requests.length, 1, server.requests.map((r) => `${r.method} ${r.path}`).join(', '));
    });
  }

  for (const vendor of ['github', 'gitlab', 'linear', 'jira', 'azure'] as const) {
    it(`${vendor}: a server trickling one byte at a time hits the total deadline`, async () => {
      server.handle((_req, res) => trickle(res));
      const { provider } = providerFor(vendor, server.url, 400);
      const error = await provider.search('login').then(() => assert.fail('answered'), (e: unknown) => e);
      assert.ok(error instanceof TrackerError && error.kind === 'unreachable', String(error));
      assert.match(error.message, /did not answer within 0\.4 s/);
    });
  }
});
