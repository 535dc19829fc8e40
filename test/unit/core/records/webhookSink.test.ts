import * as assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChangeTrailError } from '../../../../src/core/errors';
import { TrackerError } from '../../../../src/core/net/trackerError';
import type { ChangeRecord } from '../../../../src/core/records/changeRecord';
import { MAX_ANSWER_BYTES } from '../../../../src/core/records/sinks/channelPost';
import { isPermanentFailure } from '../../../../src/core/records/sinks/recordSink';
import { WebhookSink, checkWebhookUrl, isLoopbackHost } from '../../../../src/core/records/sinks/webhookSink';
import { ulid } from '../../../../src/core/records/ulid';
import { type LocalHttpServer, type RecordedRequest, json, startLocalHttpServer } from '../../../helpers/localHttpServer';

const SECRET = 'whsec-0123456789abcdef-never-logged';
const NOW = Date.UTC(2025, 2, 14, 9, 30, 0);

function record(): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(NOW), createdAt: new Date(NOW).toISOString(), tickets: ['PROJ-7'],
    // Non-ASCII text: the signature must cover the UTF-8 bytes, not a re-encoding of them.
    title: 'Zahlungsabgleich — ümlauts, 修复, emoji 🚀', description: 'line one\nline two', reason: 'audit', systems: [],
    author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [{ sha: 'abc1234', subject: 'PROJ-7: fix' }], answers: {},
    rollbackPlan: 'revert abc1234', riskFlags: [], environment: 'production',
  };
}

/** What a receiver does: recompute the HMAC over the raw body bytes and compare in constant time. */
function signatureValid(req: RecordedRequest, secret: string): boolean {
  const sent = String(req.headers['x-changetrail-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(Buffer.from(req.body, 'utf8')).digest('hex')}`;
  return sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    assert.ok(!error.message.includes(SECRET), 'the secret leaked into an error');
    return error;
  }
  return assert.fail('the delivery succeeded');
}

describe('WebhookSink', () => {
  let server: LocalHttpServer;
  const sink = (options: { secret?: string; signed?: boolean } = {}) =>
    new WebhookSink({ url: `${server.url}/hooks/changes?team=payments`, secret: () => options.secret, signed: options.signed, clock: () => NOW });

  beforeEach(async () => {
    server = await startLocalHttpServer((_req, res) => json(res, 202, { accepted: true }));
  });
  afterEach(() => server.close());

  it('POSTs the entry as JSON with the idempotency key, content type and user agent', async () => {
    const entry = record();
    assert.deepEqual(await sink().deliver(entry, { idempotencyKey: `${entry.id}:webhook` }), {});
    const [req] = server.requests;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/hooks/changes?team=payments');
    assert.equal(req.headers['idempotency-key'], `${entry.id}:webhook`);
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['user-agent'], 'ChangeTrail');
    assert.deepEqual(JSON.parse(req.body), entry);
    assert.equal(req.headers['x-changetrail-signature'], undefined, 'no secret, no signature');
  });

  it('stops reading an answer larger than MAX_ANSWER_BYTES and retries later, never holding it all in memory', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(Buffer.alloc(MAX_ANSWER_BYTES + 1024, 0x61));
    });
    const entry = record();
    const error = await failure(sink().deliver(entry, { idempotencyKey: `${entry.id}:webhook` }));
    assert.ok(error instanceof TrackerError);
    assert.match(error.message, /answered with more than 1 MB; ChangeTrail stopped reading/);
    assert.equal(isPermanentFailure(error), false);
    assert.ok(!error.message.includes('/hooks/changes'), 'the URL stays out of the message');
  });

  it('signs the exact body bytes with HMAC-SHA256, verifiable by the receiver', async () => {
    const entry = record();
    await sink({ secret: SECRET }).deliver(entry, { idempotencyKey: `${entry.id}:webhook` });
    const [req] = server.requests;
    assert.match(String(req.headers['x-changetrail-signature']), /^sha256=[0-9a-f]{64}$/);
    assert.ok(signatureValid(req, SECRET), 'the receiver recomputes the same signature');
    assert.ok(!signatureValid(req, 'another secret'));
    assert.equal(req.headers['x-changetrail-timestamp'], String(NOW / 1000));
    assert.ok(!JSON.stringify(req.headers).includes(SECRET), 'the secret itself is never sent');
  });

  it('sends the same key, bytes and signature on every retry', async () => {
    const entry = record();
    const options = { idempotencyKey: `${entry.id}:webhook` };
    await sink({ secret: SECRET }).deliver(entry, options);
    await sink({ secret: SECRET }).deliver(entry, options);
    const [a, b] = server.requests;
    assert.equal(a.body, b.body);
    assert.equal(a.headers['idempotency-key'], b.headers['idempotency-key']);
    assert.equal(a.headers['x-changetrail-signature'], b.headers['x-changetrail-signature']);
  });

  it('with signed on and no secret set, sends nothing and fails in a way the outbox retries', async () => {
    const error = await failure(sink({ signed: true }).deliver(record(), { idempotencyKey: 'k' }));
    assert.match(error.message, /no webhook secret is set: run "ChangeTrail: Set Webhook Secret\.\.\."/);
    assert.equal(isPermanentFailure(error), false);
    assert.equal(server.requests.length, 0);
  });

  it('takes any 2xx as acknowledged, whatever the body', async () => {
    server.handle((_req, res) => void res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
    assert.deepEqual(await sink().deliver(record(), { idempotencyKey: 'k' }), {});
    server.handle((_req, res) => void res.writeHead(204).end());
    assert.deepEqual(await sink().deliver(record(), { idempotencyKey: 'k' }), {});
  });

  const refusals: [number, string, RegExp, boolean][] = [
    [400, 'unexpected', /Webhook \(127\.0\.0\.1:\d+\): the webhook refused the request \(400\): bad payload/, true],
    [401, 'auth', /refused the request \(401\): check records\.webhook\.url and the webhook secret/, true],
    [403, 'forbidden', /refused the request \(403\)/, true],
    [404, 'notFound', /answered 404: check records\.webhook\.url/, true],
    [500, 'server', /failed \(500\)/, false],
    [503, 'server', /failed \(503\)/, false],
    [408, 'unexpected', /\(408\)/, false],
  ];
  for (const [status, kind, message, permanent] of refusals) {
    it(`reports ${status} as ${kind}, ${permanent ? 'permanent' : 'worth a retry'}, in webhook terms`, async () => {
      server.handle((_req, res) => json(res, status, { message: `bad payload, echo ${SECRET}` }));
      const error = await failure(sink({ secret: SECRET }).deliver(record(), { idempotencyKey: 'k' }));
      assert.ok(error instanceof TrackerError);
      assert.equal(error.kind, kind);
      assert.equal(error.status, status);
      assert.match(error.message, message);
      assert.doesNotMatch(error.message, /tracker|Sign In/);
      assert.equal(isPermanentFailure(error), permanent);
    });
  }

  it('stops when its signal is aborted', async () => {
    server.handle(() => new Promise(() => undefined));
    const controller = new AbortController();
    const pending = sink().deliver(record(), { idempotencyKey: 'k', signal: controller.signal });
    controller.abort();
    const error = await failure(pending);
    assert.ok(error instanceof TrackerError && error.kind === 'cancelled');
  });

  it('refuses plain http to anything but this machine, at construction', () => {
    for (const url of ['http://hooks.example.com/x', 'http://10.0.0.5/hook', 'http://[::2]/hook', 'http://localhost.example.com/x', 'http://128.0.0.1/x']) {
      assert.throws(() => new WebhookSink({ url }), (e: unknown) => e instanceof ChangeTrailError && e.code === 'ConfigInvalid' && /must use https:\/\/ \(plain http is allowed only to this machine/.test(e.message), url);
    }
    assert.throws(() => checkWebhookUrl('ftp://hooks.example.com/x'), /must be an https:\/\/ URL, not ftp:/);
    assert.throws(() => checkWebhookUrl('not a url'), /is not a URL/);
    for (const url of ['https://hooks.example.com/x', 'http://127.0.0.1:8080/x', 'http://127.8.9.10/x', 'http://localhost:3000', 'http://LOCALHOST/x', 'http://[::1]:9000/', 'http://[::ffff:127.0.0.1]/']) {
      assert.doesNotThrow(() => new WebhookSink({ url }), url);
    }
    assert.equal(new WebhookSink({ url: 'https://hooks.example.com/x' }).label, 'Webhook (hooks.example.com)');
  });

  it('isLoopbackHost knows the loopback names and addresses only', () => {
    assert.deepEqual(
      ['localhost', '127.0.0.1', '127.255.0.9', '[::1]', '::1', '[::ffff:7f00:1]', 'localhost.example.com', '10.0.0.1', '[::2]', '1127.0.0.1'].map(isLoopbackHost),
      [true, true, true, true, true, true, false, false, false, false],
    );
  });
});
