import * as assert from 'node:assert/strict';
import { type FakeJira, JIRA_CONTEXT_PATH } from '../../../../fixtures/trackers/fakeJira';
import { JIRA_FLAVOURS, apiRequests, expectTrackerError, providerFor, providerSuite, withFakeJira } from './jiraTestSetup';

// What the Jira providers ask for and read back: search (issue picker), recent (JQL search, paged),
// get, and the base URL with or without Data Center's context path.

for (const { flavour, v, searchPath, authorization } of JIRA_FLAVOURS) {
  describe(providerSuite(flavour), () => {
    let fake: FakeJira;
    withFakeJira(flavour, (started) => (fake = started));

    it('names itself after the site and takes its id from the config', () => {
      const provider = providerFor(fake);
      const host = new URL(fake.baseUrl).host;
      if (flavour === 'cloud') {
        assert.equal(provider.id, 'jira-cloud');
        assert.equal(provider.label, `Jira Cloud (${host})`);
      } else {
        assert.equal(provider.id, 'acme-jira');
        assert.equal(provider.label, `Jira Data Center (${host})`);
      }
    });

    it('search: issue picker suggestions, de-duplicated, only configured projects, linked', async () => {
      const found = await providerFor(fake).search('login');
      assert.deepEqual(found.map((t) => [t.key, t.title]), [
        ['PROJ-1', 'Login fails with SSO'],
        ['PROJ-2', 'Add login audit log'],
        ['OPS-2', 'Login page is slow'],
      ]);
      assert.equal(found[0].url, `${fake.baseUrl}/browse/PROJ-1`);
      const [req] = apiRequests(fake, `/rest/api/${v}/issue/picker`);
      assert.equal(req.query.get('query'), 'login');
      assert.equal(req.query.get('currentJQL'), 'project in ("PROJ", "OPS")');
      assert.equal(req.headers.authorization, authorization);
      assert.equal(req.headers.accept, 'application/json');
    });

    it('search: a section with nothing to suggest comes without issues, and the other sections still count', async () => {
      // "login" matches no issue of the history section: that section has only label, msg and id.
      assert.deepEqual((await providerFor(fake).search('zzz-nothing')).map((t) => t.key), []);
      assert.ok((await providerFor(fake).search('login')).length > 0);
    });

    it('search: honours the limit and the team jql as currentJQL (without ORDER BY)', async () => {
      const found = await providerFor(fake, { jql: 'project = OPS ORDER BY created DESC' }).search('login', { limit: 1 });
      assert.equal(found.length, 1);
      assert.equal(apiRequests(fake, '/issue/picker')[0].query.get('currentJQL'), 'project = OPS');
    });

    it('recent: assigned to me first, then recently updated, paging over several pages', async () => {
      const tickets = await providerFor(fake).recent();
      assert.deepEqual(tickets.map((t) => t.key), ['OPS-1', 'PROJ-1', 'PROJ-2', 'PROJ-3', 'OPS-2', 'PROJ-4']);
      const searches = apiRequests(fake, searchPath);
      assert.deepEqual(searches.map((r) => r.query.get('jql')), [
        'assignee = currentUser() AND project in ("PROJ", "OPS") ORDER BY updated DESC',
        'project in ("PROJ", "OPS") ORDER BY updated DESC',
        'project in ("PROJ", "OPS") ORDER BY updated DESC',
        'project in ("PROJ", "OPS") ORDER BY updated DESC',
      ]);
      for (const r of searches) assert.equal(r.query.get('fields'), 'summary,status,assignee,updated');
      if (flavour === 'cloud') {
        assert.deepEqual(searches.map((r) => r.query.has('nextPageToken')), [false, false, true, true]);
        assert.ok(searches.every((r) => !r.query.has('startAt')));
      } else {
        assert.deepEqual(searches.map((r) => r.query.get('startAt')), ['0', '0', '2', '4']);
      }
      const ops1 = tickets[0];
      assert.deepEqual(ops1, {
        key: 'OPS-1',
        title: 'Rotate database credentials',
        status: 'In Progress',
        assignee: 'Ana Lima',
        updated: '2024-05-03T12:00:00.000Z',
        url: `${fake.baseUrl}/browse/OPS-1`,
      });
    });

    it('recent: stops at the limit and asks only for what is missing', async () => {
      const tickets = await providerFor(fake).recent({ limit: 3 });
      assert.deepEqual(tickets.map((t) => t.key), ['OPS-1', 'PROJ-1', 'PROJ-2']);
      const searches = apiRequests(fake, searchPath);
      assert.deepEqual(searches.map((r) => r.query.get('maxResults')), ['3', '3', '1']);
    });

    it('recent: runs the team jql as written', async () => {
      const tickets = await providerFor(fake, { jql: 'project = OPS ORDER BY updated DESC' }).recent();
      assert.deepEqual(tickets.map((t) => t.key), ['OPS-2', 'OPS-1']);
      assert.deepEqual(apiRequests(fake, searchPath).map((r) => r.query.get('jql')), ['project = OPS ORDER BY updated DESC']);
    });

    it('get: one issue with status, assignee and a normalised timestamp', async () => {
      const ticket = await providerFor(fake).get('OPS-2');
      assert.deepEqual(ticket, {
        key: 'OPS-2',
        title: 'Login page is slow',
        status: 'To Do',
        assignee: 'Bob Ng',
        updated: '2024-05-05T14:45:00.000Z',
        url: `${fake.baseUrl}/browse/OPS-2`,
      });
      const [req] = apiRequests(fake, `/rest/api/${v}/issue/OPS-2`);
      assert.equal(req.query.get('fields'), 'summary,status,assignee,updated');
    });

    it('get: undefined for an issue Jira does not have (404), and for a key that is not one', async () => {
      const provider = providerFor(fake);
      assert.equal(await provider.get('PROJ-999'), undefined);
      const before = fake.requests.length;
      assert.equal(await provider.get('../../myself'), undefined);
      assert.equal(fake.requests.length, before, 'no request for a key that is not an issue key');
    });

    if (flavour === 'server') {
      it('keeps the context path of the base URL, with or without a trailing slash', async () => {
        await providerFor(fake, { baseUrl: `${fake.baseUrl}/` }).get('PROJ-1');
        assert.ok(fake.requests.every((r) => r.path.startsWith(`${JIRA_CONTEXT_PATH}/rest/api/2/`)));
        const ticket = await providerFor(fake, { baseUrl: `${fake.baseUrl}/` }).get('PROJ-1');
        assert.equal(ticket?.url, `${fake.baseUrl}/browse/PROJ-1`);
      });

      it('a base URL without the context path reaches a 404 page: notFound', async () => {
        await expectTrackerError(providerFor(fake, { baseUrl: new URL(fake.baseUrl).origin }).search('x'), 'notFound', /check the base URL/);
      });
    } else {
      it('never calls the removed /rest/api/3/search', async () => {
        await providerFor(fake).recent();
        assert.equal(apiRequests(fake, '/rest/api/3/search').length, 0);
      });
    }

    if (flavour === 'server') {
      it('startAt paging ends on total even when the server caps maxResults', async () => {
        const tickets = await providerFor(fake, { jql: 'project in (PROJ, OPS, XYZ) ORDER BY updated DESC' }).recent();
        assert.equal(tickets.length, 7);
        assert.deepEqual(apiRequests(fake, searchPath).map((r) => r.query.get('startAt')), ['0', '2', '4', '6']);
      });
    } else {
      it('a repeated nextPageToken cannot loop for ever', async () => {
        let token: unknown;
        fake.fail({ kind: 'reshape', reshape: (body) => ({ ...(body as object), nextPageToken: (token ??= (body as { nextPageToken?: string }).nextPageToken), isLast: false }) });
        const tickets = await providerFor(fake, { jql: 'project = PROJ ORDER BY updated DESC' }).recent();
        assert.ok(apiRequests(fake, searchPath).length <= 3);
        assert.ok(tickets.length <= 6);
      });
    }
  });
}
