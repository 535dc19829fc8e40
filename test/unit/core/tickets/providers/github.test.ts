import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import type { Logger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient } from '../../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../../src/core/net/trackerError';
import { GitHubProvider, githubIssueNumber, nextLink } from '../../../../../src/core/tickets/providers/github';
import type { TrackerCredentials } from '../../../../../src/core/tickets/providers/trackerProvider';
import { type FakeGitHub, type FakeGitHubIssue, startFakeGitHub } from '../../../../fixtures/trackers/fakeGitHub';
import { json } from '../../../../helpers/localHttpServer';

const TOKEN = 'ghp_Zq8testTokenThatMustNeverLeak0123';
const logged: string[] = [];
const logger: Logger = {
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
const issues = [...named, ...bulk];
const openIssueCount = issues.filter((i) => !i.pullRequest && i.state !== 'closed').length;

async function rejectsWith(promise: Promise<unknown>, kind: TrackerErrorKind): Promise<TrackerError> {
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

describe('GitHubProvider', () => {
  let fake: FakeGitHub;
  const make = (options: { http?: HttpClient; credentials?: TrackerCredentials; baseUrl?: string } = {}) =>
    new GitHubProvider(
      { type: 'github', id: 'gh', repository: 'acme/app', baseUrl: options.baseUrl ?? fake.apiUrl },
      { http: options.http ?? new HttpClient('GitHub', DEFAULT_NETWORK, logger), credentials: options.credentials ?? { kind: 'bearer', token: TOKEN }, logger },
    );
  const apiRequests = () => fake.requests.filter((r) => r.path !== '/rate_limit');

  beforeEach(async () => {
    fake = await startFakeGitHub({ issues, token: TOKEN });
  });
  afterEach(async () => {
    await fake.close();
  });

  describe('queries', () => {
    it('searches words in this repository, issues only, with the API headers', async () => {
      // Closed issues count too: commits may name them.
      const found = await make().search('login');
      assert.deepEqual(found.map((t) => t.key).sort(), ['#12', '#15']);
      assert.equal(fake.requests.length, 1);
      const [req] = fake.requests;
      assert.equal(req.path, '/search/issues');
      assert.equal(req.query.get('q'), 'login repo:acme/app is:issue');
      assert.equal(req.query.get('per_page'), '20');
      assert.equal(req.query.get('page'), '1');
      assert.equal(req.headers.accept, 'application/vnd.github+json');
      assert.equal(req.headers['x-github-api-version'], '2022-11-28');
      assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    });

    it('maps an issue: #number, title, state, assignee login, html_url, updated_at', async () => {
      const [ticket] = await make().search('safari');
      assert.equal(ticket.key, '#12');
      assert.equal(ticket.title, 'Login fails on Safari');
      assert.equal(ticket.status, 'open');
      assert.equal(ticket.assignee, 'ana');
      assert.equal(ticket.url, 'https://github.com/acme/app/issues/12');
      assert.equal(ticket.updated, '2024-05-03T10:00:00Z');
    });

    it('keeps typed qualifiers from widening the search to other repositories', async () => {
      await make().search('repo:evil/secrets login org:evil');
      assert.equal(fake.requests[0].query.get('q'), 'login repo:acme/app is:issue');
    });

    for (const query of ['#12', '12']) {
      it(`looks "${query}" up by number as well as searching, the direct hit first`, async () => {
        const found = await make().search(query);
        assert.equal(found[0].key, '#12');
        assert.equal(found.filter((t) => t.key === '#12').length, 1);
        assert.ok(fake.requests.some((r) => r.path === '/repos/acme/app/issues/12'));
        assert.ok(fake.requests.some((r) => r.path === '/search/issues' && r.query.get('q') === '12 repo:acme/app is:issue'));
      });
    }

    it('a number that is a pull request or does not exist adds nothing and is no error', async () => {
      assert.ok(!(await make().search('#14')).some((t) => t.key === '#14'));
      assert.deepEqual(await make().search('#999'), []);
    });

    it('recent(): open issues, most recently updated first, across Link-header pages, pull requests skipped', async () => {
      const recent = await make().recent();
      assert.equal(recent.length, openIssueCount);
      assert.ok(!recent.some((t) => t.key === '#14' || t.key === '#100' || t.key === '#110'), 'a pull request slipped in');
      assert.ok(!recent.some((t) => t.key === '#15'), 'a closed issue slipped in');
      assert.equal(recent[0].key, '#12');
      assert.equal(fake.requests.length, 2);
      const [first, second] = fake.requests;
      assert.equal(first.path, '/repos/acme/app/issues');
      assert.deepEqual(Object.fromEntries(first.query), { state: 'open', sort: 'updated', per_page: '100' });
      // The second page is exactly what the Link header named (GitHub names the repository by id).
      assert.equal(second.path, '/repositories/1300192/issues');
      assert.equal(second.query.get('page'), '2');
      assert.equal(second.headers.authorization, `Bearer ${TOKEN}`);
    });

    it('recent() stops paging once it has the limit', async () => {
      const recent = await make().recent({ limit: 50 });
      assert.equal(recent.length, 50);
      assert.equal(fake.requests.length, 1);
    });

    it('never follows a next link to another host (the token would go with it)', async () => {
      fake.server.handle((_req, res: ServerResponse) => json(res, 200, [], { Link: '<http://127.0.0.1:1/repositories/1/issues?page=2>; rel="next"' }));
      assert.deepEqual(await make().recent(), []);
      assert.equal(fake.requests.length, 1);
      assert.ok(logged.some((m) => m.includes('another host')));
    });

    it('get("#12") returns the issue; a missing number, a pull request or a foreign key give undefined', async () => {
      const provider = make();
      assert.equal((await provider.get('#12'))?.title, 'Login fails on Safari');
      assert.equal(await provider.get('#999'), undefined);
      assert.equal(await provider.get('#14'), undefined);
      const before = fake.requests.length;
      assert.equal(await provider.get('PROJ-1'), undefined);
      assert.equal(fake.requests.length, before, 'a foreign key must not cost a request');
    });

    it('comment() posts exactly { body } with the API headers and returns the comment URL', async () => {
      const markdown = 'Deployed to **production** in `v1.4.2`\n\n- rollback: revert abc123';
      const { url } = await make().comment('#12', markdown);
      assert.match(url ?? '', /^https:\/\/github\.com\/acme\/app\/issues\/12#issuecomment-\d+$/);
      const [req] = fake.requests;
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/repos/acme/app/issues/12/comments');
      assert.equal(req.body, JSON.stringify({ body: markdown }));
      assert.match(String(req.headers['content-type']), /^application\/json/);
      assert.equal(req.headers.accept, 'application/vnd.github+json');
      assert.equal(req.headers['x-github-api-version'], '2022-11-28');
      assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(fake.comments, [{ issue: 12, body: markdown }]);
    });

    it('comment() on a key that is not #number fails without a request', async () => {
      await rejectsWith(make().comment('PROJ-1', 'x'), 'notFound');
      assert.equal(fake.requests.length, 0);
    });

    it("credentials 'none' send no Authorization header (public repositories)", async () => {
      await fake.close();
      fake = await startFakeGitHub({ issues });
      assert.equal((await make({ credentials: { kind: 'none' } }).get('#12'))?.key, '#12');
      assert.equal(fake.requests[0].headers.authorization, undefined);
    });

    it('GitHub Enterprise: every request, next pages included, stays under /api/v3', async () => {
      await fake.close();
      fake = await startFakeGitHub({ issues, token: TOKEN, prefix: '/api/v3' });
      const provider = make({ baseUrl: `${fake.apiUrl}/` });
      assert.match(provider.label, /^GitHub Enterprise \(127\.0\.0\.1:\d+, acme\/app\)$/);
      assert.equal((await provider.recent()).length, openIssueCount);
      assert.deepEqual(fake.requests.map((r) => r.path), ['/api/v3/repos/acme/app/issues', '/api/v3/repositories/1300192/issues']);
    });
  });

  describe('failures', () => {
    it('401 (bad token): kind auth', async () => {
      const error = await rejectsWith(make({ credentials: { kind: 'bearer', token: 'ghp_wrongWrongWrong12345' } }).search('login'), 'auth');
      assert.equal(error.status, 401);
    });

    it('403 without a rate limit sign: forbidden, naming scopes, and no GET /rate_limit (it counts against the limit)', async () => {
      fake.fail({ kind: 'forbidden' });
      const error = await rejectsWith(make().recent(), 'forbidden');
      assert.match(error.message, /Issues permission/);
      assert.ok(!fake.requests.some((r) => r.path === '/rate_limit'), 'the rate limit status was asked for');
    });

    it('403 with x-ratelimit-remaining: 0 (primary limit): rateLimited with the reset time', async () => {
      fake.fail({ kind: 'primaryRateLimit', resetInSeconds: 120 });
      const error = await rejectsWith(make().recent(), 'rateLimited');
      assert.ok(error.retryAt !== undefined && Math.abs(error.retryAt - (Date.now() + 120_000)) < 5_000, `retryAt ${error.retryAt}`);
      assert.match(error.message, /rate limit reached/);
    });

    it('403 secondary rate limit with a long retry-after: rateLimited, with retryAt', async () => {
      fake.fail({ kind: 'secondaryRateLimit', retryAfterSeconds: 60 });
      const error = await rejectsWith(make().search('login'), 'rateLimited');
      assert.ok(error.retryAt !== undefined && error.retryAt > Date.now() + 30_000);
    });

    it('404 (wrong repository or base URL): notFound', async () => {
      fake.fail({ kind: 'notFound' });
      await rejectsWith(make().recent(), 'notFound');
    });

    it('429 with a short Retry-After: waits, retries and succeeds', async () => {
      fake.fail({ kind: 'rateLimited', retryAfterSeconds: 1 }, 1);
      assert.equal((await make().recent({ limit: 10 })).length, 10);
      assert.equal(apiRequests().length, 2);
    });

    it('429 with a long Retry-After: rateLimited at once, with retryAt', async () => {
      fake.fail({ kind: 'rateLimited', retryAfterSeconds: 120 });
      const error = await rejectsWith(make().search('login'), 'rateLimited');
      assert.ok(error.retryAt !== undefined && error.retryAt > Date.now() + 100_000);
      assert.equal(apiRequests().length, 1);
    });

    it('500: kind server', async () => {
      fake.fail({ kind: 'serverError' });
      await rejectsWith(make().get('#12'), 'server');
    });

    it('a server that never answers: unreachable after the timeout', async () => {
      fake.fail({ kind: 'hang' });
      const error = await rejectsWith(make({ http: new HttpClient('GitHub', { ...DEFAULT_NETWORK, timeoutMs: 300 }, logger) }).search('login'), 'unreachable');
      assert.match(error.message, /did not answer within 0\.3 s/);
    });

    it('cancellation through AbortController: kind cancelled', async () => {
      fake.fail({ kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await rejectsWith(make().search('login', { signal: controller.signal }), 'cancelled');
    });

    it('cancellation while paging recent(): kind cancelled', async () => {
      const controller = new AbortController();
      fake.server.handle((req, res) => {
        if (req.query.get('page') === '2') return; // hang on the second page
        json(res, 200, [], { Link: `<${fake.apiUrl}/repositories/1300192/issues?page=2>; rel="next"` });
        setTimeout(() => controller.abort(), 50);
      });
      await rejectsWith(make().recent({ signal: controller.signal }), 'cancelled');
    });

    it('malformed JSON: kind unexpected', async () => {
      fake.fail({ kind: 'malformedJson' });
      const error = await rejectsWith(make().search('login'), 'unexpected');
      assert.match(error.message, /malformed JSON/);
    });

    it('an HTML page (a sign-on or proxy page): kind unexpected', async () => {
      fake.fail({ kind: 'htmlPage' });
      const error = await rejectsWith(make().recent(), 'unexpected');
      assert.match(error.message, /HTML page/);
    });

    it('a changed field: kind unexpected naming the field, never a TypeError', async () => {
      fake.fail({ kind: 'changedShape' });
      const error = await rejectsWith(make().search('login'), 'unexpected');
      assert.match(error.message, /items\.0\.number/);
      assert.match(error.message, /the API may have changed/);
      await rejectsWith(make().recent(), 'unexpected');
      await rejectsWith(make().get('#12'), 'unexpected');
      await rejectsWith(make().comment('#12', 'x'), 'unexpected');
    });

    it('the token never reached a log line', () => {
      assert.ok(logged.length > 0, 'nothing was logged: the check would prove nothing');
      assert.deepEqual(logged.filter((m) => m.includes(TOKEN)), []);
    });
  });

  describe('helpers', () => {
    it('githubIssueNumber reads #12 and 12 only', () => {
      assert.equal(githubIssueNumber('#12'), 12);
      assert.equal(githubIssueNumber(' 12 '), 12);
      assert.equal(githubIssueNumber('PROJ-12'), undefined);
      assert.equal(githubIssueNumber('#'), undefined);
    });

    it('nextLink finds rel="next" among the documented rels', () => {
      const header =
        '<https://api.github.com/repositories/1300192/issues?page=2>; rel="prev", <https://api.github.com/repositories/1300192/issues?page=4>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last", <https://api.github.com/repositories/1300192/issues?page=1>; rel="first"';
      assert.equal(nextLink(header), 'https://api.github.com/repositories/1300192/issues?page=4');
      assert.equal(nextLink('<https://x/issues?page=1>; rel="first"'), undefined);
      assert.equal(nextLink(undefined), undefined);
    });
  });
});
