import * as assert from 'node:assert/strict';
import { fixedClock } from '../../../../../src/core/clock';
import { silentLogger } from '../../../../../src/core/log';
import { DEFAULT_NETWORK } from '../../../../../src/core/net/networkOptions';
import { EngineHttp, refusal } from '../../../../../src/core/records/sinks/engines/engineHttp';
import { JiraToken } from '../../../../../src/core/records/sinks/engines/jiraToken';
import { PermanentDeliveryError } from '../../../../../src/core/records/sinks/recordSink';
import { type LocalHttpServer, json, startLocalHttpServer } from '../../../../helpers/localHttpServer';

// A receiver (or a proxy in front of it) that echoes what it was sent into its refusal: the
// credentials must not travel on into the outbox's lastError, the log or the CLI's output.
const TOKEN = 'ghp_0123456789abcdefECHOED';
const CLIENT_SECRET = 'jira-client-secret-ECHOED-42';
const setup = { network: { ...DEFAULT_NETWORK, timeoutMs: 2000 }, logger: silentLogger, clock: fixedClock(Date.parse('2026-03-10T10:00:00Z')) };
const hints = { auth: 'set the token', forbidden: 'check the token', notFound: 'check the URL' };

describe('engine refusals that echo the request\'s credentials', () => {
  let server: LocalHttpServer;
  beforeEach(async () => {
    server = await startLocalHttpServer((req, res) => json(res, 422, { message: `Validation Failed for ${req.headers.authorization ?? ''} and ${req.body}`, errors: [{ message: `token ${TOKEN} is not a deployment` }] }));
  });
  afterEach(() => server.close());

  for (const status of [400, 409, 422]) {
    it(`a ${status} validation answer read by the sink keeps the Authorization token out of the refusal`, async () => {
      server.handle((req, res) => json(res, status, { message: `Validation Failed for ${req.headers.authorization ?? ''}`, errors: [{ message: `${TOKEN} is not a deployment` }] }));
      const http = new EngineHttp('GitHub deployments', setup, hints);
      const res = await http.request({ method: 'POST', url: `${server.url}/repos/a/b/deployments`, headers: { Authorization: `Bearer ${TOKEN}` }, body: { ref: 'abc' } });
      assert.equal(res.status, status);
      const error = refusal('GitHub deployments', res);
      assert.match(error.message, /refused \(\d+\): Validation Failed for/);
      assert.ok(!error.message.includes(TOKEN.slice(0, 10)), `the token leaked: ${error.message}`);
      assert.ok(!JSON.stringify(res.data).includes(TOKEN), 'the answer handed to the sink still holds the token');
    });
  }

  it('Jira\'s token endpoint echoing the client secret from the body: not in the refusal', async () => {
    server.handle((req, res) => json(res, 400, { error: 'invalid_client', message: `unknown client for ${req.body}` }));
    const token = new JiraToken(new EngineHttp('Jira deployments', setup, hints), server.url, async (name) => (name === 'clientId' ? 'client-id-1' : CLIENT_SECRET));
    const error = await token.get().then(() => assert.fail('a token was issued'), (e: unknown) => e as Error);
    assert.ok(error instanceof PermanentDeliveryError);
    assert.match(error.message, /Jira deployments token: refused \(400\)/);
    assert.ok(!error.message.includes(CLIENT_SECRET.slice(0, 10)), `the client secret leaked: ${error.message}`);
  });
});
