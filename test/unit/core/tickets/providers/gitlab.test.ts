import * as assert from 'node:assert/strict';
import type { Logger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient } from '../../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../../src/core/net/trackerError';
import { GitLabProvider, gitlabIssueIid, gitlabProjectRef } from '../../../../../src/core/tickets/providers/gitlab';
import type { TrackerCredentials } from '../../../../../src/core/tickets/providers/trackerProvider';
import { type FakeGitLab, type FakeGitLabIssue, startFakeGitLab } from '../../../../fixtures/trackers/fakeGitLab';
import { json } from '../../../../helpers/localHttpServer';

const TOKEN = 'glpat-Zq8testTokenThatMustNeverLeak';
const logged: string[] = [];
const logger: Logger = {
  trace: (m) => void logged.push(m),
  debug: (m) => void logged.push(m),
  info: (m) => void logged.push(m),
  warn: (m) => void logged.push(m),
  error: (m) => void logged.push(String(m)),
};

const named: FakeGitLabIssue[] = [
  { iid: 12, title: 'Login fails on Safari', assignee: 'ana', updatedAt: '2024-05-03T10:00:00.000Z' },
  { iid: 13, title: 'Export to CSV', description: 'The login report too', updatedAt: '2024-05-02T10:00:00.000Z' },
  { iid: 15, title: 'Old login page', state: 'closed', updatedAt: '2024-05-05T10:00:00.000Z' },
];
const bulk: FakeGitLabIssue[] = Array.from({ length: 150 }, (_, i) => ({
  iid: 100 + i,
  title: `Bulk item ${100 + i}`,
  updatedAt: `2024-04-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00.000Z`,
}));
const issues = [...named, ...bulk];
const openedCount = issues.filter((i) => i.state !== 'closed').length;

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

describe('GitLabProvider', () => {
  let fake: FakeGitLab;
  const make = (options: { http?: HttpClient; credentials?: TrackerCredentials; project?: string; baseUrl?: string } = {}) =>
    new GitLabProvider(
      { type: 'gitlab', project: options.project ?? 'acme/app', baseUrl: options.baseUrl ?? fake.url },
      { http: options.http ?? new HttpClient('GitLab', DEFAULT_NETWORK, logger), credentials: options.credentials ?? { kind: 'bearer', token: TOKEN }, logger },
    );

  beforeEach(async () => {
    fake = await startFakeGitLab({ issues, token: TOKEN });
  });
  afterEach(async () => {
    await fake.close();
  });

  describe('queries', () => {
    it('searches title and description in the project (path URL-encoded), with a Bearer token', async () => {
      const found = await make().search('login');
      assert.deepEqual(found.map((t) => t.key).sort(), ['#12', '#13', '#15']);
      assert.equal(fake.requests.length, 1);
      const [req] = fake.requests;
      assert.equal(req.path, '/api/v4/projects/acme%2Fapp/issues');
      assert.deepEqual(Object.fromEntries(req.query), { search: 'login', per_page: '20', page: '1' });
      assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(req.headers['private-token'], undefined);
    });

    it('maps an issue: #iid, title, state, assignees[0].username, web_url, updated_at', async () => {
      const [ticket] = await make().search('safari');
      assert.equal(ticket.key, '#12');
      assert.equal(ticket.title, 'Login fails on Safari');
      assert.equal(ticket.status, 'opened');
      assert.equal(ticket.assignee, 'ana');
      assert.equal(ticket.url, 'https://gitlab.example.com/acme/app/-/issues/12');
      assert.equal(ticket.updated, '2024-05-03T10:00:00.000Z');
    });

    it('falls back to the deprecated single assignee', async () => {
      fake.server.handle((_req, res) => json(res, 200, { iid: 5, title: 'Old server', state: 'opened', web_url: 'https://gl/acme/app/-/issues/5', assignee: { username: 'old' } }));
      assert.equal((await make().get('#5'))?.assignee, 'old');
    });

    for (const query of ['#12', '12']) {
      it(`looks "${query}" up with iids[] as well as searching, the direct hit first`, async () => {
        const found = await make().search(query);
        assert.equal(found[0].key, '#12');
        assert.equal(found.filter((t) => t.key === '#12').length, 1);
        const byIid = fake.requests.find((r) => r.query.has('iids[]'));
        assert.deepEqual(byIid?.query.getAll('iids[]'), ['12']);
        assert.equal(byIid?.query.has('search'), false);
        assert.ok(fake.requests.some((r) => r.query.get('search') === '12'));
      });
    }

    it('a numeric project id is used as is', async () => {
      await make({ project: '42' }).search('login');
      assert.equal(fake.requests[0].path, '/api/v4/projects/42/issues');
    });

    it('a base URL given with /api/v4 or a trailing slash means the same server', async () => {
      await make({ baseUrl: `${fake.url}/api/v4/` }).get('#12');
      assert.equal(fake.requests[0].path, '/api/v4/projects/acme%2Fapp/issues/12');
    });

    it('recent(): opened issues by updated_at desc, across pages via x-next-page', async () => {
      const recent = await make().recent();
      assert.equal(recent.length, openedCount);
      assert.ok(!recent.some((t) => t.key === '#15'), 'a closed issue slipped in');
      assert.equal(recent[0].key, '#12');
      assert.deepEqual(fake.requests.map((r) => r.query.get('page')), ['1', '2']);
      assert.deepEqual(Object.fromEntries(fake.requests[0].query), { order_by: 'updated_at', sort: 'desc', state: 'opened', per_page: '100', page: '1' });
    });

    it('recent() stops paging once it has the limit', async () => {
      assert.equal((await make().recent({ limit: 30 })).length, 30);
      assert.equal(fake.requests.length, 1);
      assert.equal(fake.requests[0].query.get('per_page'), '30');
    });

    it('get("#12") returns the issue; a missing iid or a foreign key give undefined', async () => {
      const provider = make();
      assert.equal((await provider.get('#12'))?.title, 'Login fails on Safari');
      assert.equal(fake.requests[0].path, '/api/v4/projects/acme%2Fapp/issues/12');
      assert.equal(await provider.get('#999'), undefined);
      const before = fake.requests.length;
      assert.equal(await provider.get('PROJ-1'), undefined);
      assert.equal(fake.requests.length, before, 'a foreign key must not cost a request');
    });

    it('comment() posts exactly { body } as a note and returns the note anchor', async () => {
      const markdown = 'Deployed to **production** in `v1.4.2`\n\n- rollback: revert abc123';
      const { url } = await make().comment('#12', markdown);
      assert.equal(url, `${fake.url}/acme/app/-/issues/12#note_300`);
      const [req] = fake.requests;
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/api/v4/projects/acme%2Fapp/issues/12/notes');
      assert.equal(req.body, JSON.stringify({ body: markdown }));
      assert.match(String(req.headers['content-type']), /^application\/json/);
      assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(fake.notes, [{ iid: 12, body: markdown }]);
    });

    it('comment() with a numeric project id returns no URL rather than a guessed one', async () => {
      assert.deepEqual(await make({ project: '42' }).comment('#12', 'x'), { url: undefined });
    });

    it('comment() on a key that is not #iid fails without a request', async () => {
      await rejectsWith(make().comment('OPS-4', 'x'), 'notFound');
      assert.equal(fake.requests.length, 0);
    });

    it("credentials 'none' send no Authorization header (public projects)", async () => {
      await fake.close();
      fake = await startFakeGitLab({ issues });
      assert.equal((await make({ credentials: { kind: 'none' } }).get('#12'))?.key, '#12');
      assert.equal(fake.requests[0].headers.authorization, undefined);
    });
  });

  describe('failures', () => {
    it('401 {"message":"401 Unauthorized"}: kind auth', async () => {
      const error = await rejectsWith(make({ credentials: { kind: 'bearer', token: 'glpat-wrongWrongWrong' } }).search('login'), 'auth');
      assert.equal(error.status, 401);
    });

    it('403: kind forbidden', async () => {
      fake.fail({ kind: 'forbidden' });
      await rejectsWith(make().recent(), 'forbidden');
    });

    it('404 (wrong project or base URL): notFound from lists', async () => {
      await rejectsWith(make({ project: 'acme/typo' }).recent(), 'notFound');
    });

    it('429 with a short Retry-After: waits, retries and succeeds', async () => {
      fake.fail({ kind: 'rateLimited', retryAfterSeconds: 1 }, 1);
      assert.equal((await make().recent({ limit: 10 })).length, 10);
      assert.equal(fake.requests.length, 2);
    });

    it('429 with a long Retry-After: rateLimited at once, with retryAt', async () => {
      fake.fail({ kind: 'rateLimited', retryAfterSeconds: 120 });
      const error = await rejectsWith(make().search('login'), 'rateLimited');
      assert.ok(error.retryAt !== undefined && error.retryAt > Date.now() + 100_000);
    });

    it('500: kind server', async () => {
      fake.fail({ kind: 'serverError' });
      await rejectsWith(make().get('#12'), 'server');
    });

    it('a server that never answers: unreachable after the timeout', async () => {
      fake.fail({ kind: 'hang' });
      const error = await rejectsWith(make({ http: new HttpClient('GitLab', { ...DEFAULT_NETWORK, timeoutMs: 300 }, logger) }).recent(), 'unreachable');
      assert.match(error.message, /did not answer within 0\.3 s/);
    });

    it('cancellation through AbortController: kind cancelled', async () => {
      fake.fail({ kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await rejectsWith(make().search('login', { signal: controller.signal }), 'cancelled');
    });

    it('an already aborted signal: cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      await rejectsWith(make().comment('#12', 'x', { signal: controller.signal }), 'cancelled');
      assert.deepEqual(fake.notes, []);
    });

    it('malformed JSON: kind unexpected', async () => {
      fake.fail({ kind: 'malformedJson' });
      const error = await rejectsWith(make().recent(), 'unexpected');
      assert.match(error.message, /malformed JSON/);
    });

    it('an HTML page (a sign-in page): kind unexpected', async () => {
      fake.fail({ kind: 'htmlPage' });
      const error = await rejectsWith(make().search('login'), 'unexpected');
      assert.match(error.message, /HTML page/);
    });

    it('a changed field: kind unexpected naming the field, never a TypeError', async () => {
      fake.fail({ kind: 'changedShape' });
      const error = await rejectsWith(make().recent(), 'unexpected');
      assert.match(error.message, /0\.iid/);
      assert.match(error.message, /the API may have changed/);
      await rejectsWith(make().get('#12'), 'unexpected');
      await rejectsWith(make().comment('#12', 'x'), 'unexpected');
    });

    it('the token never reached a log line', () => {
      assert.ok(logged.length > 0, 'nothing was logged: the check would prove nothing');
      assert.deepEqual(logged.filter((m) => m.includes(TOKEN)), []);
    });
  });

  describe('helpers', () => {
    it('gitlabIssueIid reads #12 and 12 only', () => {
      assert.equal(gitlabIssueIid('#12'), 12);
      assert.equal(gitlabIssueIid('12'), 12);
      assert.equal(gitlabIssueIid('OPS-12'), undefined);
    });

    it('gitlabProjectRef encodes paths, keeps ids', () => {
      assert.equal(gitlabProjectRef('group/sub/name'), 'group%2Fsub%2Fname');
      assert.equal(gitlabProjectRef('42'), '42');
    });
  });
});
