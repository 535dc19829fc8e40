import * as assert from 'node:assert/strict';
import { silentLogger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK, HttpClient } from '../../../../../src/core/net/httpClient';
import { TrackerError, type TrackerErrorKind } from '../../../../../src/core/net/trackerError';
import { JiraCloudProvider, markdownToAdf } from '../../../../../src/core/tickets/providers/jiraCloud';
import { JiraServerProvider } from '../../../../../src/core/tickets/providers/jiraServer';
import { recentQueries, scopeJql } from '../../../../../src/core/tickets/providers/jiraShared';
import type { TrackerCredentials } from '../../../../../src/core/tickets/providers/trackerProvider';
import {
  type CloudCommentRequest,
  type FakeJira,
  type JiraFlavour,
  JIRA_CLOUD_EMAIL,
  JIRA_CLOUD_TOKEN,
  JIRA_CONTEXT_PATH,
  JIRA_SERVER_TOKEN,
  type ServerCommentRequest,
  startFakeJira,
} from '../../../../fixtures/trackers/fakeJira';

const PROJECTS = ['PROJ', 'OPS'];
const BASIC = `Basic ${Buffer.from(`${JIRA_CLOUD_EMAIL}:${JIRA_CLOUD_TOKEN}`).toString('base64')}`;
const BEARER = `Bearer ${JIRA_SERVER_TOKEN}`;
/** Strings that must never show in an error: the tokens, the Basic value and its base64 alone. */
const SECRETS = [JIRA_CLOUD_TOKEN, JIRA_SERVER_TOKEN, BASIC, BASIC.slice('Basic '.length), BEARER];

const CREDENTIALS: Record<JiraFlavour, TrackerCredentials> = {
  cloud: { kind: 'basic', username: JIRA_CLOUD_EMAIL, token: JIRA_CLOUD_TOKEN },
  server: { kind: 'bearer', token: JIRA_SERVER_TOKEN },
};

interface Setup {
  readonly timeoutMs?: number;
  readonly jql?: string;
  readonly projects?: readonly string[];
  readonly credentials?: TrackerCredentials;
  readonly baseUrl?: string;
}

function providerFor(fake: FakeJira, setup: Setup = {}): JiraCloudProvider | JiraServerProvider {
  const http = new HttpClient('Jira', { ...DEFAULT_NETWORK, timeoutMs: setup.timeoutMs ?? DEFAULT_NETWORK.timeoutMs });
  const deps = { http, credentials: setup.credentials ?? CREDENTIALS[fake.flavour], logger: silentLogger };
  const baseUrl = setup.baseUrl ?? fake.baseUrl;
  const projects = setup.projects ?? PROJECTS;
  return fake.flavour === 'cloud'
    ? new JiraCloudProvider({ type: 'jira-cloud', baseUrl, jql: setup.jql }, deps, projects)
    : new JiraServerProvider({ type: 'jira-server', id: 'acme-jira', baseUrl, jql: setup.jql }, deps, projects);
}

/** Every error the suites saw, checked at the end for leaked secrets. */
const seenErrors: TrackerError[] = [];

async function expectTrackerError(promise: Promise<unknown>, kind: TrackerErrorKind, message?: RegExp): Promise<TrackerError> {
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

const apiRequests = (fake: FakeJira, suffix: string) => fake.requests.filter((r) => r.path.endsWith(suffix));

for (const flavour of ['cloud', 'server'] as const) {
  const v = flavour === 'cloud' ? '3' : '2';
  const searchPath = flavour === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search';
  const authorization = flavour === 'cloud' ? BASIC : BEARER;

  describe(`Jira ${flavour === 'cloud' ? 'Cloud' : 'Data Center'} provider`, () => {
    let fake: FakeJira;
    beforeEach(async () => {
      fake = await startFakeJira({ flavour, pageSize: 2 });
    });
    afterEach(() => fake.close());

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

    it('comment: the exact body and headers Jira receives, and a link to the comment', async () => {
      const markdown = '**Change record** for PROJ-1\r\n- risk: low\n- rollback: revert abc123\n\nDeployed to production.\n';
      const result = await providerFor(fake).comment('PROJ-1', markdown);
      assert.equal(result.url, `${fake.baseUrl}/browse/PROJ-1?focusedCommentId=10000#comment-10000`);
      const [req] = apiRequests(fake, `/rest/api/${v}/issue/PROJ-1/comment`);
      assert.equal(req.method, 'POST');
      assert.equal(req.headers.authorization, authorization);
      assert.match(req.headers['content-type'] ?? '', /^application\/json\b/);
      assert.equal(req.headers.accept, 'application/json');
      if (flavour === 'cloud') {
        const expected: CloudCommentRequest = {
          body: {
            version: 1,
            type: 'doc',
            content: [
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: '**Change record** for PROJ-1' },
                  { type: 'hardBreak' },
                  { type: 'text', text: '- risk: low' },
                  { type: 'hardBreak' },
                  { type: 'text', text: '- rollback: revert abc123' },
                ],
              },
              { type: 'paragraph', content: [{ type: 'text', text: 'Deployed to production.' }] },
            ],
          },
        };
        assert.deepEqual(JSON.parse(req.body), expected);
      } else {
        const expected: ServerCommentRequest = { body: markdown };
        assert.deepEqual(JSON.parse(req.body), expected);
      }
      assert.deepEqual(fake.comments.map((c) => c.key), ['PROJ-1']);
    });

    it('comment: refuses a key that is not an issue key without a request', async () => {
      await expectTrackerError(providerFor(fake).comment('../x', 'hello'), 'notFound', /not a Jira issue key/);
      assert.equal(fake.requests.length, 0);
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

    it('wrong credentials: auth', async () => {
      const wrong: TrackerCredentials = flavour === 'cloud' ? { kind: 'basic', username: JIRA_CLOUD_EMAIL, token: 'not-the-token-0123456789' } : { kind: 'bearer', token: 'not-the-token-0123456789' };
      await expectTrackerError(providerFor(fake, { credentials: wrong }).recent(), 'auth', /401/);
    });

    it('401 with Jira error collection: auth', async () => {
      fake.fail({ kind: 'status', status: 401 });
      await expectTrackerError(providerFor(fake).search('login'), 'auth', /sign in again/i);
    });

    it('403: forbidden', async () => {
      fake.fail({ kind: 'status', status: 403, messages: ['You do not have the permission to see the specified issue.'] });
      await expectTrackerError(providerFor(fake).recent(), 'forbidden', /403/);
    });

    it('404 on search: notFound (a wrong base URL must not look like "no tickets")', async () => {
      fake.fail({ kind: 'status', status: 404 });
      await expectTrackerError(providerFor(fake).search('login'), 'notFound', /404/);
    });

    it('400 with errorMessages: unexpected, with what Jira said', async () => {
      fake.fail({ kind: 'status', status: 400, messages: ["Error in the JQL Query: The character '%' is a reserved JQL character."] });
      await expectTrackerError(providerFor(fake, { jql: 'summary ~ 100%' }).recent(), 'unexpected', /400.*reserved JQL character/);
    });

    it('a token the server echoes in its error text is masked', async () => {
      const token = flavour === 'cloud' ? JIRA_CLOUD_TOKEN : JIRA_SERVER_TOKEN;
      fake.fail({ kind: 'status', status: 400, messages: [`credentials ${token} were refused`] }, 1);
      const error = await expectTrackerError(providerFor(fake).search('x'), 'unexpected', /credentials \*\*\* were refused/);
      assert.equal(error.tracker, 'Jira');
      fake.fail({ kind: 'reshape', reshape: () => ({ errorMessages: [`bad header ${BASIC} / ${token}`], errors: {} }) });
      await expectTrackerError(providerFor(fake).get('PROJ-1'), 'unexpected', /Jira said: bad header/);
    });

    it('429 with a short Retry-After: retried, then succeeds', async () => {
      fake.fail({ kind: 'rateLimit', retryAfterSeconds: 1 }, 1);
      const found = await providerFor(fake).search('login');
      assert.equal(found.length, 3);
      assert.equal(apiRequests(fake, '/issue/picker').length, 2);
    });

    it('429 with a long Retry-After: rateLimited with retryAt', async () => {
      fake.fail({ kind: 'rateLimit', retryAfterSeconds: 120 });
      const error = await expectTrackerError(providerFor(fake).get('PROJ-1'), 'rateLimited', /120 s/);
      assert.ok(error.retryAt !== undefined && error.retryAt > Date.now() + 100_000);
      assert.equal(fake.requests.length, 1);
    });

    it('500: server', async () => {
      fake.fail({ kind: 'status', status: 500 });
      await expectTrackerError(providerFor(fake).recent(), 'server', /500/);
    });

    it('no answer within the timeout: unreachable', async () => {
      fake.fail({ kind: 'hang' });
      await expectTrackerError(providerFor(fake, { timeoutMs: 300 }).search('login'), 'unreachable', /did not answer within 0.3 s/);
    });

    it('cancelled with an AbortController: cancelled', async () => {
      fake.fail({ kind: 'hang' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await expectTrackerError(providerFor(fake).search('login', { signal: controller.signal }), 'cancelled');
    });

    it('cancelled while paging recent(): cancelled, no further pages', async () => {
      const controller = new AbortController();
      let calls = 0;
      // Request 1 is "assigned to me", 2 and 3 the first pages of the rest: abort while page 2 is on its way.
      fake.fail({ kind: 'reshape', reshape: (body) => (++calls === 3 && controller.abort(), body) });
      await expectTrackerError(providerFor(fake).recent({ signal: controller.signal }), 'cancelled');
      assert.equal(apiRequests(fake, searchPath).length, 3);
    });

    it('malformed JSON: unexpected', async () => {
      fake.fail({ kind: 'malformed' });
      await expectTrackerError(providerFor(fake).recent(), 'unexpected', /malformed JSON/);
    });

    it('an HTML login page: unexpected, saying so', async () => {
      fake.fail({ kind: 'html' });
      await expectTrackerError(providerFor(fake).search('login'), 'unexpected', /HTML page/);
    });

    it('fields.summary missing from a search page: unexpected, naming the field', async () => {
      fake.fail({ kind: 'reshape', reshape: dropSummary });
      await expectTrackerError(providerFor(fake).recent(), 'unexpected', new RegExp(`${searchPath}: issues\\[0\\]\\.fields\\.summary is missing \\(expected string\\)`));
    });

    it('fields.summary missing from an issue: unexpected, naming the field', async () => {
      fake.fail({ kind: 'reshape', reshape: (body) => ({ ...(body as object), fields: { title: 'renamed' } }) });
      await expectTrackerError(providerFor(fake).get('PROJ-1'), 'unexpected', /issue\/PROJ-1: fields\.summary is missing/);
    });

    it('picker sections renamed: unexpected, naming the field', async () => {
      fake.fail({ kind: 'reshape', reshape: (body) => ({ suggestions: (body as { sections: unknown }).sections }) });
      await expectTrackerError(providerFor(fake).search('login'), 'unexpected', /issue\/picker: sections is missing \(expected array\)/);
    });

    it('an error object with 200 where issues were expected: unexpected, with what Jira said', async () => {
      fake.fail({ kind: 'reshape', reshape: () => ({ errorMessages: ['The value \'NOPE\' does not exist for the field \'project\'.'], errors: {} }) });
      await expectTrackerError(providerFor(fake).recent(), 'unexpected', /issues is missing.*Jira said: The value 'NOPE' does not exist/);
    });

    it('an empty body where a comment was expected: unexpected', async () => {
      fake.fail({ kind: 'reshape', reshape: () => null });
      await expectTrackerError(providerFor(fake).comment('PROJ-1', 'x'), 'unexpected', /comment: the answer is null/);
    });

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

function dropSummary(body: unknown): unknown {
  const page = body as { issues: { fields: Record<string, unknown> }[] };
  return { ...page, issues: page.issues.map((i) => ({ ...i, fields: { ...i.fields, summary: undefined } })) };
}

describe('Jira helpers', () => {
  it('markdownToAdf: paragraphs per block, hard breaks per line, no empty text nodes', () => {
    assert.deepEqual(markdownToAdf('a\n\n\n  \nb\nc  \n'), {
      version: 1,
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'b' }, { type: 'hardBreak' }, { type: 'text', text: 'c' }] },
      ],
    });
    assert.deepEqual(markdownToAdf(''), { version: 1, type: 'doc', content: [{ type: 'paragraph', content: [] }] });
  });

  it('default JQL is bounded and quotes project keys (a key may be a reserved word)', () => {
    assert.deepEqual(recentQueries(undefined, ['PROJ', 'OR']), [
      'assignee = currentUser() AND project in ("PROJ", "OR") ORDER BY updated DESC',
      'project in ("PROJ", "OR") ORDER BY updated DESC',
    ]);
    assert.deepEqual(recentQueries(undefined, []), ['assignee = currentUser() ORDER BY updated DESC', 'updated >= -30d ORDER BY updated DESC']);
    assert.equal(scopeJql('project = X order by rank', []), 'project = X');
    assert.equal(scopeJql(undefined, []), undefined);
  });

  it('no error message seen above carries a token or an Authorization value', () => {
    assert.ok(seenErrors.length >= 30, `only ${seenErrors.length} errors were checked`);
    for (const error of seenErrors) {
      for (const secret of SECRETS) assert.ok(!error.message.includes(secret), `secret in: ${error.message}`);
    }
  });
});
