import * as assert from 'node:assert/strict';
import { DEFAULT_NETWORK, HttpClient } from '../../../../../src/core/net/httpClient';
import type { FakeGitHub } from '../../../../fixtures/trackers/fakeGitHub';
import { json } from '../../../../helpers/localHttpServer';
import { TOKEN, logged, logger, providerMaker, rejectsWith, withFakeGitHub } from './githubTestSetup';

// How the GitHub provider fails: each HTTP error and rate limit, timeouts, cancellation, answers
// that are not JSON or not the documented shape; and that the token never reaches the log.

describe('GitHubProvider', () => {
  let fake: FakeGitHub;
  const make = providerMaker(() => fake);
  const apiRequests = () => fake.requests.filter((r) => r.path !== '/rate_limit');
  withFakeGitHub(() => fake, (started) => (fake = started));

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
});
