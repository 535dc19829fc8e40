import * as assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { type FakeGitHub, startFakeGitHub } from '../../../../fixtures/trackers/fakeGitHub';
import { json } from '../../../../helpers/localHttpServer';
import { TOKEN, issues, logged, openIssueCount, providerMaker, rejectsWith, withFakeGitHub } from './githubTestSetup';

// What the GitHub provider asks the REST API and reads back: search, recent (Link-header pages),
// get, comment, credentials 'none' and GitHub Enterprise.

describe('GitHubProvider', () => {
  let fake: FakeGitHub;
  const make = providerMaker(() => fake);
  withFakeGitHub(() => fake, (started) => (fake = started));

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
});
