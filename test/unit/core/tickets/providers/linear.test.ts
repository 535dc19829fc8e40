import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient, type NetworkOptions } from '../../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../../src/core/net/trackerError';
import { LinearProvider } from '../../../../../src/core/tickets/providers/linear';
import type { TrackerCredentials } from '../../../../../src/core/tickets/providers/trackerProvider';
import { type FakeLinear, LINEAR_KEY, LINEAR_OAUTH_TOKEN, startFakeLinear } from '../../../../fixtures/trackers/fakeLinear';

describe('Linear provider', () => {
  let fake: FakeLinear;

  before(async () => {
    fake = await startFakeLinear();
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  function provider(options: { teamKey?: string; credentials?: TrackerCredentials; network?: Partial<NetworkOptions> } = {}): LinearProvider {
    return new LinearProvider(
      { type: 'linear', baseUrl: fake.url, teamKey: 'teamKey' in options ? options.teamKey : 'ENG' },
      {
        http: new HttpClient('Linear', { ...DEFAULT_NETWORK, ...options.network }),
        credentials: options.credentials ?? { kind: 'bearer', token: LINEAR_KEY },
        logger: silentLogger,
      },
    );
  }

  function sent(i: number): { query: string; variables: Record<string, unknown> } {
    return JSON.parse(fake.requests[i].body) as { query: string; variables: Record<string, unknown> };
  }

  /** The call's TrackerError, checked to be of `kind` and free of the key. */
  async function failure(call: Promise<unknown>, kind: TrackerErrorKind): Promise<TrackerError> {
    try {
      await call;
    } catch (error) {
      assert.ok(error instanceof TrackerError, `expected a TrackerError, got ${String(error)}`);
      assert.equal(error.kind, kind, error.message);
      assert.ok(!`${error.message} ${error.detail ?? ''}`.includes(LINEAR_KEY), `the key leaked: ${error.message}`);
      assert.ok(error.message.startsWith('Linear'), error.message);
      return error;
    }
    assert.fail(`expected a ${kind} failure`);
  }

  describe('queries', () => {
    it('searches by words with searchIssues, in the team, sending the personal key without "Bearer"', async () => {
      const found = await provider().search('login');
      assert.deepEqual(found, [{
        key: 'ENG-12',
        title: 'Login times out after 30 seconds',
        status: 'Done',
        assignee: 'Ada Lovelace',
        url: 'https://linear.app/acme/issue/ENG-12/issue-12',
        updated: fake.issues[11].updatedAt,
      }]);
      assert.equal(fake.requests.length, 1);
      const req = fake.requests[0];
      assert.equal(req.method, 'POST');
      assert.equal(req.path, '/graphql');
      assert.equal(req.headers.authorization, LINEAR_KEY);
      assert.match(String(req.headers['content-type']), /^application\/json/);
      const { query, variables } = sent(0);
      assert.match(query, /searchIssues\(term: \$term/);
      assert.doesNotMatch(query, /issueSearch/);
      assert.deepEqual(variables, { term: 'login', first: 50, filter: { team: { key: { eq: 'ENG' } } } });
    });

    it('sends an OAuth access token as Bearer', async () => {
      await provider({ credentials: { kind: 'bearer', token: LINEAR_OAUTH_TOKEN } }).search('login');
      assert.equal(fake.requests[0].headers.authorization, `Bearer ${LINEAR_OAUTH_TOKEN}`);
    });

    it('looks an identifier up with issue(id:), in any case, and a bare number in the configured team', async () => {
      const byIdentifier = await provider().search('eng-7');
      assert.deepEqual(byIdentifier.map((t) => t.key), ['ENG-7']);
      assert.match(sent(0).query, /\bissue\(id: \$id\)/);
      assert.deepEqual(sent(0).variables, { id: 'ENG-7' });

      const byNumber = await provider().search('#12');
      assert.deepEqual(byNumber.map((t) => t.key), ['ENG-12']);
      assert.deepEqual(sent(1).variables, { id: 'ENG-12' });

      assert.deepEqual(await provider().search('ENG-9999'), []);
    });

    it('searches a bare number by words when no team is configured', async () => {
      await provider({ teamKey: undefined }).search('12');
      assert.match(sent(0).query, /searchIssues/);
      assert.deepEqual(sent(0).variables, { term: '12', first: 50 });
    });

    it('pages recent() with the cursor, most recently updated first', async () => {
      const recent = await provider().recent();
      assert.equal(recent.length, 230);
      assert.equal(recent[0].key, 'ENG-1');
      assert.equal(recent[229].key, 'ENG-230');
      assert.equal(fake.requests.length, 3);
      const pages = [0, 1, 2].map(sent);
      for (const page of pages) assert.match(page.query, /issues\(first: \$first, after: \$after, orderBy: updatedAt, filter: \$filter\)/);
      assert.equal(pages[0].variables.after, undefined);
      assert.equal(typeof pages[1].variables.after, 'string');
      assert.notEqual(pages[2].variables.after, pages[1].variables.after);
      assert.deepEqual(pages.map((p) => p.variables.first), [100, 100, 100]);
    });

    it('stops paging at the limit', async () => {
      const recent = await provider().recent({ limit: 150 });
      assert.equal(recent.length, 150);
      assert.deepEqual([0, 1].map((i) => sent(i).variables.first), [100, 50]);
      assert.equal(fake.requests.length, 2);
    });

    it('a repeated endCursor cannot loop for ever', async () => {
      fake.rewrite((data) => {
        const issues = data.issues as { pageInfo: { endCursor: string | null } } | undefined;
        if (issues) issues.pageInfo.endCursor = Buffer.from('100').toString('base64');
        return data;
      });
      const recent = await provider().recent();
      assert.equal(recent.length, 200);
      assert.equal(fake.requests.length, 2);
    });

    it('cancelled while paging recent(): cancelled, and no further page is asked for', async () => {
      const controller = new AbortController();
      fake.rewrite((data) => {
        controller.abort();
        return data;
      });
      await failure(provider().recent({ signal: controller.signal }), 'cancelled');
      assert.equal(fake.requests.length, 1);
    });

    it('keeps the data of a reply that has both data and errors (a partial answer)', async () => {
      fake.partialErrors([{ message: 'Field "assignee" could not be resolved', path: ['searchIssues', 'nodes', 0, 'assignee'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      const found = await provider().search('login');
      assert.ok(found.length > 0, 'the partial answer was thrown away');
      // A limit or a refused key is not a partial answer: it stops.
      fake.partialErrors([{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }]);
      await failure(provider().search('login'), 'rateLimited');
      fake.partialErrors(undefined);
    });

    it('gets one issue, and undefined for one that does not exist', async () => {
      const issue = await provider().get('ENG-3');
      assert.deepEqual(issue, { key: 'ENG-3', title: 'Issue number 3', status: 'Done', assignee: undefined, url: 'https://linear.app/acme/issue/ENG-3/issue-3', updated: fake.issues[2].updatedAt });
      assert.equal(await provider().get('ENG-4040'), undefined);
      assert.equal(await provider().get('not a key'), undefined);
    });
  });

  describe('comments', () => {
    it('resolves the identifier to the issue id, then sends commentCreate with exactly the body', async () => {
      const markdown = '**Deployed** to production in `v1.4.2`\n\n- rollback: redeploy v1.4.1';
      const result = await provider().comment!('ENG-12', markdown);
      assert.equal(fake.requests.length, 2);
      assert.deepEqual(sent(0).variables, { id: 'ENG-12' });
      const mutation = sent(1);
      assert.match(mutation.query, /mutation \w+\(\$input: CommentCreateInput!\) \{\s*commentCreate\(input: \$input\)/);
      assert.deepEqual(mutation.variables, { input: { issueId: fake.issues[11].id, body: markdown } });
      assert.equal(fake.requests[1].headers.authorization, LINEAR_KEY);
      assert.match(String(fake.requests[1].headers['content-type']), /^application\/json/);
      assert.deepEqual(fake.comments, [{ issueId: fake.issues[11].id, body: markdown }]);
      assert.match(result.url ?? '', /^https:\/\/linear\.app\/acme\/issue\/ENG-12\/issue-12#comment-/);
    });

    it('refuses to comment on an issue that does not exist', async () => {
      await failure(provider().comment!('ENG-4040', 'hello'), 'notFound');
      assert.equal(fake.requests.length, 1);
      assert.deepEqual(fake.comments, []);
    });
  });

  describe('failures', () => {
    it('401: auth', async () => {
      fake.failNext({ kind: 'status', status: 401 });
      const error = await failure(provider().search('login'), 'auth');
      assert.equal(error.status, 401);
    });

    it('403: forbidden', async () => {
      fake.failNext({ kind: 'status', status: 403 });
      await failure(provider().search('login'), 'forbidden');
    });

    it('404: notFound, naming the endpoint', async () => {
      fake.failNext({ kind: 'status', status: 404 });
      const error = await failure(provider().search('login'), 'notFound');
      assert.match(error.message, /\/graphql/);
    });

    it('429 with a short Retry-After: waits, retries and succeeds', async () => {
      fake.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: { errors: [{ message: 'Rate limit exceeded', extensions: { code: 'RATELIMITED' } }] } });
      const found = await provider().search('login');
      assert.deepEqual(found.map((t) => t.key), ['ENG-12']);
      assert.equal(fake.requests.length, 2);
    });

    it('429 with a long Retry-After: rateLimited, with when to try again', async () => {
      fake.failNext({ kind: 'status', status: 429, headers: { 'Retry-After': '120' } });
      const error = await failure(provider().search('login'), 'rateLimited');
      assert.ok(error.retryAt && error.retryAt > Date.now() + 100_000);
      assert.equal(fake.requests.length, 1);
    });

    it('500: server', async () => {
      fake.failNext({ kind: 'status', status: 500 });
      await failure(provider().search('login'), 'server');
    });

    it('a service that never answers: unreachable after the timeout', async () => {
      fake.failNext({ kind: 'hang' });
      await failure(provider({ network: { timeoutMs: 300 } }).search('login'), 'unreachable');
    });

    it('an aborted request: cancelled', async () => {
      fake.failNext({ kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await failure(provider().search('login', { signal: controller.signal }), 'cancelled');
    });

    it('malformed JSON: unexpected', async () => {
      fake.failNext({ kind: 'malformed' });
      await failure(provider().recent(), 'unexpected');
    });

    it('an HTML page: unexpected, saying so', async () => {
      fake.failNext({ kind: 'html' });
      const error = await failure(provider().search('login'), 'unexpected');
      assert.match(error.message, /HTML/);
    });

    it('GraphQL errors with 200: authentication is auth, rate limiting rateLimited, the rest unexpected', async () => {
      fake.failNext({ kind: 'graphqlErrors', errors: [{ message: 'Authentication required, not authenticated', extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR', userPresentableMessage: 'You need to authenticate to access this operation.' } }] });
      const auth = await failure(provider().search('login'), 'auth');
      assert.match(auth.message, /You need to authenticate/);

      fake.failNext({ kind: 'graphqlErrors', headers: { 'Retry-After': '30' }, errors: [{ message: 'Rate limit exceeded. Only 1500 requests are allowed per 1 hour.', extensions: { code: 'RATELIMITED', statusCode: 429 } }] });
      const limited = await failure(provider().search('login'), 'rateLimited');
      assert.match(limited.message, /try again in 30 s/);
      assert.ok(limited.retryAt && limited.retryAt > Date.now());

      fake.failNext({ kind: 'graphqlErrors', errors: [{ message: 'Forbidden', extensions: { type: 'forbidden', code: 'FORBIDDEN' } }] });
      await failure(provider().search('login'), 'forbidden');

      fake.failNext({ kind: 'graphqlErrors', errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      const other = await failure(provider().search('login'), 'unexpected');
      assert.match(other.message, /Internal server error/);
    });

    it('a wrong key (Linear answers 400 with AUTHENTICATION_ERROR): auth by the code, not the status', async () => {
      const error = await failure(provider({ credentials: { kind: 'bearer', token: 'lin_api_WRONGwrongWRONGwrong' } }).search('login'), 'auth');
      assert.match(error.message, /API key/);
      assert.ok(!error.message.includes('lin_api_WRONG'));
    });

    it('no credentials: auth, without contacting Linear', async () => {
      await failure(provider({ credentials: { kind: 'none' } }).search('login'), 'auth');
      assert.equal(fake.requests.length, 0);
    });

    it('a changed field: unexpected, never a TypeError', async () => {
      fake.rewrite((data) => JSON.parse(JSON.stringify(data).replace(/"title":"[^"]*"/g, '"title":42')) as unknown);
      const changedTitle = await failure(provider().search('login'), 'unexpected');
      assert.match(changedTitle.message, /title/);

      fake.rewrite((data) => JSON.parse(JSON.stringify(data).replace(/"pageInfo"/g, '"paging"')) as unknown);
      await failure(provider().recent(), 'unexpected');

      fake.rewrite(() => ({ searchIssues: null }));
      await failure(provider().search('login'), 'unexpected');
    });

    it('keeps the key out of a message that echoes it', async () => {
      fake.failNext({ kind: 'graphqlErrors', errors: [{ message: `Invalid input: ${LINEAR_KEY} is not a valid key`, extensions: { code: 'INPUT_ERROR' } }] });
      const error = await failure(provider().search('login'), 'unexpected');
      assert.match(error.message, /\*\*\*/);
    });
  });
});
