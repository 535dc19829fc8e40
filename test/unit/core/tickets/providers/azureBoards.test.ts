import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient, type NetworkOptions } from '../../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../../src/core/net/trackerError';
import { AzureBoardsProvider } from '../../../../../src/core/tickets/providers/azureBoards';
import type { TrackerCredentials } from '../../../../../src/core/tickets/providers/trackerProvider';
import { AZURE_EXPIRED_PAT, AZURE_ORG, AZURE_PAT, AZURE_PROJECT, type FakeAzureBoards, azureError, basic, startFakeAzureBoards } from '../../../../fixtures/trackers/fakeAzureBoards';

const FIELDS = 'System.Title,System.State,System.AssignedTo,System.ChangedDate';

describe('Azure Boards provider', () => {
  let fake: FakeAzureBoards;

  before(async () => {
    fake = await startFakeAzureBoards();
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  function provider(options: { project?: string; credentials?: TrackerCredentials; network?: Partial<NetworkOptions> } = {}): AzureBoardsProvider {
    return new AzureBoardsProvider(
      { type: 'azure-boards', baseUrl: fake.url, organization: AZURE_ORG, project: options.project ?? AZURE_PROJECT },
      {
        http: new HttpClient('Azure Boards', { ...DEFAULT_NETWORK, ...options.network }),
        credentials: options.credentials ?? { kind: 'bearer', token: AZURE_PAT },
        logger: silentLogger,
      },
    );
  }

  const projectPath = `/${AZURE_ORG}/Fabrikam%20Fiber`;

  function wiqlOf(i: number): string {
    return (JSON.parse(fake.requests[i].body) as { query: string }).query;
  }

  /** The call's TrackerError, checked to be of `kind` and free of the PAT (plain or encoded). */
  async function failure(call: Promise<unknown>, kind: TrackerErrorKind): Promise<TrackerError> {
    try {
      await call;
    } catch (error) {
      assert.ok(error instanceof TrackerError, `expected a TrackerError, got ${String(error)}`);
      assert.equal(error.kind, kind, error.message);
      const text = `${error.message} ${error.detail ?? ''}`;
      for (const secret of [AZURE_PAT, AZURE_EXPIRED_PAT, basic(AZURE_PAT).slice(6), basic(AZURE_EXPIRED_PAT).slice(6)]) {
        assert.ok(!text.includes(secret), `a secret leaked: ${error.message}`);
      }
      return error;
    }
    assert.fail(`expected a ${kind} failure`);
  }

  describe('queries', () => {
    it('searches titles with WIQL, then fetches the fields, with Basic auth and api-version 7.1', async () => {
      const found = await provider().search('login times');
      assert.deepEqual(found, [{
        key: 'AB#12',
        title: "Customer's login times out",
        status: 'Closed',
        assignee: 'Grace Hopper',
        url: `${fake.url}${projectPath}/_workitems/edit/12`,
        updated: fake.workItems[11].changedDate,
      }]);
      assert.equal(fake.requests.length, 2);
      const [wiql, items] = fake.requests;
      assert.equal(wiql.method, 'POST');
      assert.equal(wiql.path, `${projectPath}/_apis/wit/wiql`);
      assert.equal(wiql.query.get('api-version'), '7.1');
      assert.equal(wiql.query.get('$top'), '50');
      assert.equal(wiql.headers.authorization, `Basic ${Buffer.from(`:${AZURE_PAT}`).toString('base64')}`);
      assert.equal(wiqlOf(0), "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.Title] CONTAINS 'login' AND [System.Title] CONTAINS 'times' ORDER BY [System.ChangedDate] DESC");
      assert.equal(items.method, 'GET');
      assert.equal(items.path, `${projectPath}/_apis/wit/workitems`);
      assert.equal(items.query.get('ids'), '12');
      assert.equal(items.query.get('fields'), FIELDS);
      assert.equal(items.query.get('api-version'), '7.1');
      assert.equal(items.headers.authorization, basic(AZURE_PAT));
    });

    it("doubles single quotes in WIQL strings", async () => {
      const found = await provider().search("customer's");
      assert.deepEqual(found.map((t) => t.key), ['AB#12']);
      assert.match(wiqlOf(0), /\[System\.Title\] CONTAINS 'customer''s'/);

      await provider().search("x' OR 1=1 OR 'y");
      assert.match(wiqlOf(2), /CONTAINS 'x''' AND \[System\.Title\] CONTAINS 'OR'/);
    });

    it('looks up AB#12, #12 and 12 by id, without WIQL', async () => {
      for (const query of ['AB#12', 'ab#12', '#12', '12']) {
        fake.reset();
        const found = await provider().search(query);
        assert.deepEqual(found.map((t) => t.key), ['AB#12'], query);
        assert.equal(fake.requests.length, 1, query);
        assert.equal(fake.requests[0].query.get('ids'), '12');
      }
    });

    it('fetches more than 200 ids in batches of at most 200, keeping the WIQL order', async () => {
      const recent = await provider().recent();
      assert.equal(recent.length, 450);
      assert.deepEqual(recent.slice(0, 3).map((t) => t.key), ['AB#1', 'AB#2', 'AB#3']);
      assert.equal(recent[449].key, 'AB#450');
      assert.equal(fake.requests.length, 4);
      assert.equal(fake.requests[0].query.get('$top'), '500');
      assert.equal(wiqlOf(0), 'SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project ORDER BY [System.ChangedDate] DESC');
      const batches = fake.requests.slice(1).map((r) => (r.query.get('ids') ?? '').split(',').length);
      assert.deepEqual(batches, [200, 200, 50]);
    });

    it('asks WIQL for no more than the limit', async () => {
      const recent = await provider().recent({ limit: 250 });
      assert.equal(recent.length, 250);
      assert.equal(fake.requests[0].query.get('$top'), '250');
      assert.equal(fake.requests.length, 3);
    });

    it('gets AB#12, and undefined for a missing item or a key that is not Azure Boards', async () => {
      const item = await provider().get('AB#7');
      assert.deepEqual(item, { key: 'AB#7', title: 'Work item 7', status: 'Active', assignee: undefined, url: `${fake.url}${projectPath}/_workitems/edit/7`, updated: fake.workItems[6].changedDate });
      assert.equal(await provider().get('AB#99999'), undefined);
      assert.equal(fake.requests[1].query.get('errorPolicy'), 'omit');
      const before = fake.requests.length;
      assert.equal(await provider().get('PROJ-1'), undefined);
      assert.equal(fake.requests.length, before);
    });

    it("prefers the work item's own link when the service sends one", async () => {
      fake.rewrite((body) => ({ ...body, value: (body.value as { id: number }[]).map((w) => ({ ...w, _links: { html: { href: `https://dev.example/acme/item/${w.id}` } } })) }));
      const item = await provider().get('AB#5');
      assert.equal(item?.url, 'https://dev.example/acme/item/5');
    });
  });

  describe('comments', () => {
    it('posts exactly { text } as markdown to the preview comments API', async () => {
      const markdown = '**Deployed** to production in `v1.4.2`';
      const result = await provider().comment!('AB#12', markdown);
      assert.equal(fake.requests.length, 1);
      const req = fake.requests[0];
      assert.equal(req.method, 'POST');
      assert.equal(req.path, `${projectPath}/_apis/wit/workItems/12/comments`);
      assert.equal(req.query.get('api-version'), '7.1-preview.4');
      assert.equal(req.query.get('format'), 'markdown');
      assert.equal(req.body, JSON.stringify({ text: markdown }));
      assert.equal(req.headers.authorization, basic(AZURE_PAT));
      assert.match(String(req.headers['content-type']), /^application\/json/);
      assert.deepEqual(fake.comments, [{ workItemId: 12, text: markdown, format: 'markdown' }]);
      assert.equal(result.url, `${fake.url}${projectPath}/_workitems/edit/12`);
    });

    it('takes the reply in the reference sample\'s shape (commentId) as well as the contract\'s (id)', async () => {
      // https://learn.microsoft.com/en-us/rest/api/azure/devops/wit/comments/add-comment: the sample names it commentId.
      fake.rewrite((body) => ('text' in body ? { ...body, id: undefined, commentId: body.id } : body));
      assert.equal((await provider().comment!('AB#12', 'hi')).url, `${fake.url}${projectPath}/_workitems/edit/12`);
      fake.rewrite(undefined);
      assert.equal((await provider().comment!('AB#12', 'hi')).url, `${fake.url}${projectPath}/_workitems/edit/12`);
    });

    it('a missing work item: notFound, saying it does not exist; a key that is not Azure Boards: notFound without a request', async () => {
      const missing = await failure(provider().comment!('AB#99999', 'hello'), 'notFound');
      assert.match(missing.message, /AB#99999 does not exist/);
      fake.reset();
      await failure(provider().comment!('ENG-1', 'hello'), 'notFound');
      assert.equal(fake.requests.length, 0);
    });
  });

  describe('failures', () => {
    it('a wrong PAT (401): auth', async () => {
      const error = await failure(provider({ credentials: { kind: 'bearer', token: 'not-the-right-pat-0123456789' } }).recent(), 'auth');
      assert.equal(error.status, 401);
    });

    it('an expired PAT (203 and the sign-in page): auth, saying the token expired', async () => {
      const error = await failure(provider({ credentials: { kind: 'bearer', token: AZURE_EXPIRED_PAT } }).search('login'), 'auth');
      assert.equal(error.status, 203);
      assert.match(error.message, /expired/);
      assert.match(error.message, /^Azure Boards/);
    });

    it('403: forbidden', async () => {
      fake.failNext({ kind: 'status', status: 403, body: azureError('TF400813: The user is not authorized to access this resource.', 'UnauthorizedRequestException') });
      await failure(provider().recent(), 'forbidden');
    });

    it('a project that does not exist (404): notFound', async () => {
      const error = await failure(provider({ project: 'Nope' }).recent(), 'notFound');
      assert.match(error.message, /check the base URL and project/);
    });

    it('429 with a short Retry-After: waits, retries and succeeds', async () => {
      fake.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: azureError('Request was blocked due to exceeding usage of resource.', 'RequestBlockedException') });
      const found = await provider().search('AB#12');
      assert.deepEqual(found.map((t) => t.key), ['AB#12']);
      assert.equal(fake.requests.length, 2);
    });

    it('429 with a long Retry-After: rateLimited', async () => {
      fake.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '300' } });
      const error = await failure(provider().recent(), 'rateLimited');
      assert.ok(error.retryAt && error.retryAt > Date.now() + 200_000);
    });

    it('500: server', async () => {
      fake.failNext({ kind: 'status', status: 500 });
      await failure(provider().recent(), 'server');
    });

    it('a 400 with the service message: unexpected, quoting it', async () => {
      fake.failNext({ kind: 'status', status: 400, body: azureError('TF51005: The query references a field that does not exist.', 'QueryException') });
      const error = await failure(provider().search('login'), 'unexpected');
      assert.match(error.message, /TF51005/);
    });

    it('a service that never answers: unreachable after the timeout', async () => {
      fake.failNext({ kind: 'hang' });
      await failure(provider({ network: { timeoutMs: 300 } }).recent(), 'unreachable');
    });

    it('an aborted request: cancelled', async () => {
      fake.failNext({ kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await failure(provider().recent({ signal: controller.signal }), 'cancelled');
    });

    it('an abort between WIQL and the batches stops the batches', async () => {
      const controller = new AbortController();
      fake.rewrite((body) => {
        controller.abort();
        return body;
      });
      await failure(provider().recent({ signal: controller.signal }), 'cancelled');
      assert.equal(fake.requests.length, 1);
    });

    it('malformed JSON: unexpected', async () => {
      fake.failNext({ kind: 'malformed' });
      await failure(provider().recent(), 'unexpected');
    });

    it('an HTML page with 200: unexpected, saying so', async () => {
      fake.failNext({ kind: 'html' });
      const error = await failure(provider().recent(), 'unexpected');
      assert.match(error.message, /HTML/);
    });

    it('no credentials: auth, without contacting the service', async () => {
      await failure(provider({ credentials: { kind: 'none' } }).recent(), 'auth');
      assert.equal(fake.requests.length, 0);
    });

    it('a changed field: unexpected, never a TypeError', async () => {
      fake.rewrite((body) => JSON.parse(JSON.stringify(body).replace(/"System\.Title":"[^"]*"/g, '"System.Title":{"text":"x"}')) as unknown);
      const error = await failure(provider().get('AB#3'), 'unexpected');
      assert.match(error.message, /System\.Title/);

      fake.rewrite((body) => ('workItems' in body ? { ...body, workItems: undefined, results: body.workItems } : body));
      await failure(provider().recent(), 'unexpected');

      fake.rewrite((body) => JSON.parse(JSON.stringify(body).replace(/"System\.AssignedTo":\{[^}]*\}/g, '"System.AssignedTo":"Grace Hopper <grace@acme.example>"')) as unknown);
      await failure(provider().get('AB#2'), 'unexpected');
    });
  });
});
