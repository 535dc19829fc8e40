import * as assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { TrackerError } from '../../../../src/core/net/trackerError';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeRecord, DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { NoteStore } from '../../../../src/core/notes/noteStore';
import { ChannelWebhookSink } from '../../../../src/core/records/sinks/channelWebhookSink';
import { PermanentDeliveryError, isPermanentFailure } from '../../../../src/core/records/sinks/recordSink';
import { WebhookSink } from '../../../../src/core/records/sinks/webhookSink';
import { standardWebhookHeaders } from '../../../../src/core/records/sinks/webhookSignature';
import { ulid } from '../../../../src/core/records/ulid';
import { type LocalHttpServer, json, startLocalHttpServer } from '../../../helpers/localHttpServer';

// The record webhook as the Standard Webhooks specification has receivers verify it, redirects,
// proxies and slow receivers. Spec: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md

const NOW = Date.UTC(2025, 2, 14, 9, 30, 0);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function record(): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(NOW), createdAt: new Date(NOW).toISOString(), tickets: ['PROJ-7'], title: 'Zahlungsabgleich — 修复 🚀',
    description: '', reason: 'audit', systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

/**
 * A receiver's check, as the README shows it: the key is the base64 after "whsec_", the signed
 * content "<webhook-id>.<webhook-timestamp>.<raw body>", the header a space-separated list of
 * "v1,<base64>" signatures, compared in constant time, with the timestamp within 5 minutes.
 */
function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, rawBody: string, nowSeconds: number): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  if (!id || !/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return String(headers['webhook-signature'] ?? '').split(' ').some((s) => {
    const [version, signature] = s.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('Standard Webhooks signatures', () => {
  it('match the reference library\'s own test vector', () => {
    // standard-webhooks/standard-webhooks libraries/javascript/src/webhook.test.ts, "sign function works".
    const headers = standardWebhookHeaders(SECRET, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, Buffer.from('{"test": 2432232314}'));
    assert.deepEqual(headers, { 'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' });
    assert.throws(() => standardWebhookHeaders(SECRET, 'a.b', 1, Buffer.alloc(0)), /must not contain "\."/);
  });
});

describe('WebhookSink delivery', () => {
  let server: LocalHttpServer;
  beforeEach(async () => {
    server = await startLocalHttpServer((_req, res) => json(res, 202, { accepted: true }));
  });
  afterEach(() => server.close());

  it('signs id, timestamp and body together: a receiver verifies it, and a replay with another timestamp or id fails', async () => {
    const entry = record();
    const sink = new WebhookSink({ url: `${server.url}/hook`, secret: () => SECRET, clock: () => NOW });
    await sink.deliver(entry, { idempotencyKey: `${entry.id}:webhook` });
    const [req] = server.requests;
    assert.equal(req.headers['webhook-id'], `${entry.id}:webhook`, 'the id is the idempotency key: the same on every retry');
    assert.equal(req.headers['webhook-timestamp'], String(NOW / 1000));
    assert.ok(verifyStandardWebhook(SECRET, req.headers, req.body, NOW / 1000));
    assert.ok(!verifyStandardWebhook(SECRET, { ...req.headers, 'webhook-timestamp': String(NOW / 1000 + 1) }, req.body, NOW / 1000), 'a changed timestamp breaks it');
    assert.ok(!verifyStandardWebhook(SECRET, { ...req.headers, 'webhook-id': 'other:webhook' }, req.body, NOW / 1000), 'a changed id breaks it');
    assert.ok(!verifyStandardWebhook(SECRET, req.headers, req.body, NOW / 1000 + 3600), 'an old capture is refused');
    assert.match(String(req.headers['x-changetrail-signature']), /^sha256=[0-9a-f]{64}$/, 'the older header stays for existing receivers');
  });

  it('takes a redirect as a permanent failure with its reason, never following or retrying it', async () => {
    server.handle((_req, res) => void res.writeHead(301, { Location: 'https://new.example.com/hooks/SeCrEtPaTh0123' }).end());
    const sink = new WebhookSink({ url: `${server.url}/hook` });
    const error = await sink.deliver(record(), { idempotencyKey: 'k' }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof PermanentDeliveryError, String(error));
    assert.ok(isPermanentFailure(error));
    assert.match(error.message, /redirect \(301 to new\.example\.com\), which is not followed: set records\.webhook\.url to the current URL/);
    assert.ok(!error.message.includes('SeCrEtPaTh0123'), 'the new URL\'s path is not repeated');
    assert.equal(server.requests.length, 1);
  });

  it('never sends a loopback delivery through a proxy, configured or from the environment', async () => {
    const proxy = await startLocalHttpServer((_req, res) => json(res, 502, { proxied: true }));
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
    process.env.HTTP_PROXY = proxy.url;
    process.env.http_proxy = proxy.url;
    try {
      await new WebhookSink({ url: `${server.url}/hook` }).deliver(record(), { idempotencyKey: 'k' });
      await new WebhookSink({ url: `${server.url}/hook`, network: { timeoutMs: 5_000, strictSSL: true, maxRetryWaitMs: 0, proxy: proxy.url } }).deliver(record(), { idempotencyKey: 'k' });
      assert.equal(server.requests.length, 2);
      assert.equal(proxy.requests.length, 0);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      await proxy.close();
    }
  });

  it('gives up on a receiver that trickles its answer at the deadline, not at an idle timeout that restarts on every byte', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const sink = new WebhookSink({ url: `${server.url}/hook`, network: { timeoutMs: 800, strictSSL: true, maxRetryWaitMs: 0 } });
    const error = await sink.deliver(record(), { idempotencyKey: 'k' }).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof TrackerError && error.kind === 'unreachable', String(error));
    assert.match(error.message, /did not answer within 0\.8 s/);
    assert.equal(isPermanentFailure(error), false);
  });

  it('scrubs the URL\'s token out of a refusal before cutting it: no piece of it survives the cut', async () => {
    const token = 'Zq7Kp2Lm9Xw4Rt6Yv1Bn3Hj';
    // The receiver echoes the URL so that a 200-character cut falls inside the token.
    const deployment: DeploymentRecord = { schema: 'changetrail/deployment', version: 1, id: ulid(NOW), createdAt: new Date(NOW).toISOString(), environment: 'production', commit: 'abcdef1', by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records: [] };
    const sink = new ChannelWebhookSink({ url: `${server.url}/hook/${token}`, channel: 'audit', content: new NoteStore(join(tmpdir(), 'changetrail-no-notes')) });
    for (const pad of [0, 5, 10, 15, 20]) {
      server.handle((req, res) => json(res, 400, { message: `${'x'.repeat(150 + pad)} bad request for ${server.url}${req.url}` }));
      const error = await sink.deliver(deployment, { idempotencyKey: 'k' }).then(() => undefined, (e: unknown) => e as Error);
      assert.ok(error instanceof TrackerError && error.status === 400, String(error));
      assert.match(error.message, /refused the request \(400\): x+ bad request for/);
      for (let i = 0; i + 4 <= token.length; i++) assert.ok(!error.message.includes(token.slice(i, i + 4)), `"${token.slice(i, i + 4)}" leaked: ${error.message}`);
    }
  });
});
