import * as assert from 'node:assert/strict';
import type { TrackerCredentials } from '../../../../../src/core/tickets/providers/trackerProvider';
import { type FakeJira, JIRA_CLOUD_EMAIL, JIRA_CLOUD_TOKEN, JIRA_SERVER_TOKEN } from '../../../../fixtures/trackers/fakeJira';
import { BASIC, JIRA_FLAVOURS, SECRETS, apiRequests, expectTrackerError, providerFor, providerSuite, seenErrors, withFakeJira } from './jiraTestSetup';

// How the Jira providers fail: HTTP errors, rate limits, timeouts, cancellation, and answers that
// are not what Atlassian documents; and that no error carries a secret.

for (const { flavour, searchPath } of JIRA_FLAVOURS) {
  describe(providerSuite(flavour), () => {
    let fake: FakeJira;
    withFakeJira(flavour, (started) => (fake = started));

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
  });
}

function dropSummary(body: unknown): unknown {
  const page = body as { issues: { fields: Record<string, unknown> }[] };
  return { ...page, issues: page.issues.map((i) => ({ ...i, fields: { ...i.fields, summary: undefined } })) };
}

describe('Jira helpers', () => {
  it('no error message seen above carries a token or an Authorization value', () => {
    assert.ok(seenErrors.length >= 30, `only ${seenErrors.length} errors were checked`);
    for (const error of seenErrors) {
      for (const secret of SECRETS) assert.ok(!error.message.includes(secret), `secret in: ${error.message}`);
    }
  });
});
