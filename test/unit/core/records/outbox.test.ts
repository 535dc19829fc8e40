import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeTrailError } from '../../../../src/core/errors';
import { TrackerError } from '../../../../src/core/net/trackerError';
import type { ChangeRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { Outbox, type OutboxOptions, backoffMs } from '../../../../src/core/records/outbox';
import type { DeliveryOptions, RecordSink } from '../../../../src/core/records/sinks/recordSink';
import { WebhookSink } from '../../../../src/core/records/sinks/webhookSink';
import { ulid } from '../../../../src/core/records/ulid';

const MINUTE = 60_000;

function record(title: string): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(), createdAt: new Date().toISOString(), tickets: ['PROJ-1'], title, description: '', reason: 'why',
    systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

/** A webhook receiver on a fixed 127.0.0.1 port that can be down (port closed), up, slow or failing, and dedupes by Idempotency-Key. */
interface Receiver {
  readonly url: string;
  mode: 'up' | 'slow' | 'fail503' | 'refuse400';
  /** Every request that arrived, answered or not. */
  readonly requests: { readonly key: string; readonly body: string }[];
  /** How often each key was answered 2xx while up: exactly once per record is the goal. */
  readonly acked: Map<string, number>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Answers the requests held while slow: too late, the sender gave up already. */
  releaseHeld(): void;
}

async function createReceiver(): Promise<Receiver> {
  const held: ServerResponse[] = [];
  let server: Server | undefined;
  const listen = (port: number) =>
    new Promise<Server>((resolve) => {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const key = String(req.headers['idempotency-key']);
          receiver.requests.push({ key, body: Buffer.concat(chunks).toString('utf8') });
          if (receiver.mode === 'slow') return void held.push(res);
          if (receiver.mode === 'fail503') return void res.writeHead(503).end();
          if (receiver.mode === 'refuse400') return void res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"message":"schema mismatch"}');
          receiver.acked.set(key, (receiver.acked.get(key) ?? 0) + 1);
          res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        });
      });
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  const probe = await listen(0);
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    mode: 'up',
    requests: [],
    acked: new Map(),
    start: async () => void (server ??= await listen(port)),
    stop: () =>
      new Promise<void>((resolve) => {
        const s = server;
        server = undefined;
        if (!s) return resolve();
        s.closeAllConnections();
        s.close(() => resolve());
      }),
    releaseHeld: () => {
      for (const res of held.splice(0)) if (!res.socket?.destroyed) res.writeHead(200).end();
    },
  };
  return receiver;
}

/** An in-memory sink whose behaviour each test scripts. */
function fakeSink(id: string, behave: (entry: LogEntry, options: DeliveryOptions, call: number) => Promise<{ url?: string }>): RecordSink & { calls: string[] } {
  const calls: string[] = [];
  return { id, label: `Fake ${id}`, calls, deliver: (entry, options) => (calls.push(options.idempotencyKey), behave(entry, options, calls.length)) };
}

describe('Outbox', () => {
  let dir: string;
  let now: number;
  const clock = () => now;
  const open = (options: OutboxOptions = {}) => new Outbox(dir, undefined, { clock, deliveryTimeoutMs: 300, ...options });
  const itemFiles = () => readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-outbox-'));
    now = Date.now();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('against a webhook that is down, up, slow and up again', () => {
    let receiver: Receiver;
    beforeEach(async () => (receiver = await createReceiver()));
    afterEach(() => receiver.stop());
    const webhook = () => new WebhookSink({ url: receiver.url });

    it('delivers every record exactly once, across restarts of the outbox', async () => {
      const first = [record('one'), record('two'), record('three')];
      await open().enqueue(first[0], ['webhook']);
      await open().enqueue(first[1], ['webhook']);
      await open().enqueue(first[2], ['webhook']);

      // Down: nothing listens on the port.
      let report = await open().deliverDue([webhook()]);
      assert.deepEqual(report, { locked: false, delivered: 0, retrying: 3, failed: 0 });
      const down = await open().status();
      assert.deepEqual(down.map((item) => item.state), ['pending', 'pending', 'pending']);
      // Once the receiver failed one, the others wait for the next run instead of each failing (or timing out) in turn.
      assert.deepEqual(down.map((item) => item.state === 'pending' && item.attempts), [1, 0, 0]);
      assert.match(down[0].state === 'pending' ? down[0].lastError ?? '' : '', /refused the connection/);
      assert.equal(itemFiles().length, 3, 'nothing is lost while the receiver is down');

      // Up, after a restart (a new Outbox and new sinks on the same directory).
      await receiver.start();
      now += 16 * MINUTE;
      report = await open().deliverDue([webhook()]);
      assert.deepEqual(report, { locked: false, delivered: 3, retrying: 0, failed: 0 });

      // Slow: answers only after the delivery timeout, so the outbox keeps both new records.
      const later = [record('four'), record('five')];
      for (const entry of later) await open().enqueue(entry, ['webhook']);
      receiver.mode = 'slow';
      report = await open().deliverDue([webhook()]);
      assert.deepEqual(report, { locked: false, delivered: 0, retrying: 2, failed: 0 });
      assert.match(JSON.stringify(await open().status()), /did not acknowledge within 0\.3 s/);
      receiver.releaseHeld();

      // Up again, after another restart: only the two left are sent.
      receiver.mode = 'up';
      now += 16 * MINUTE;
      report = await open().deliverDue([webhook()]);
      assert.deepEqual(report, { locked: false, delivered: 2, retrying: 0, failed: 0 });
      assert.deepEqual(await open().deliverDue([webhook()], now + 60 * MINUTE), { locked: false, delivered: 0, retrying: 0, failed: 0 });

      const all = [...first, ...later];
      const keys = all.map((e) => `${e.id}:webhook`);
      assert.deepEqual([...new Set(receiver.requests.map((r) => r.key))].sort(), [...keys].sort(), 'one Idempotency-Key per record, stable across retries');
      for (const entry of all) {
        const bodies = new Set(receiver.requests.filter((r) => r.key === `${entry.id}:webhook`).map((r) => r.body));
        assert.equal(bodies.size, 1, 'a retry sends the same bytes');
        assert.deepEqual(JSON.parse([...bodies][0]), entry);
        assert.equal(receiver.acked.get(`${entry.id}:webhook`), 1, `${entry.title} acknowledged exactly once`);
      }
      const status = await open().status();
      assert.deepEqual(status.map((s) => s.state), ['delivered', 'delivered', 'delivered', 'delivered', 'delivered']);
      assert.deepEqual(readdirSync(dir), ['delivered.jsonl'], 'no item, temp or lock file is left');
    });

    it('keeps an item pending on 5xx, with the error and the next retry', async () => {
      await receiver.start();
      receiver.mode = 'fail503';
      const entry = record('five hundred');
      await open().enqueue(entry, ['webhook']);
      assert.deepEqual(await open().deliverDue([webhook()]), { locked: false, delivered: 0, retrying: 1, failed: 0 });
      const [item] = await open().status();
      assert.equal(item.state, 'pending');
      if (item.state !== 'pending') return;
      assert.match(item.lastError ?? '', /failed \(503\)/);
      assert.ok(item.nextAttemptAt >= now + 4_000 && item.nextAttemptAt <= now + 5_000, `next attempt in 4-5 s, got ${item.nextAttemptAt - now}`);
      assert.deepEqual(await open().deliverDue([webhook()], now + 3_999), { locked: false, delivered: 0, retrying: 0, failed: 0 }, 'not due yet');
      assert.equal(receiver.requests.length, 1);
    });

    it('marks an item failed on 400, keeps it, stops retrying, and retry() brings it back', async () => {
      await receiver.start();
      receiver.mode = 'refuse400';
      const entry = record('refused');
      await open().enqueue(entry, ['webhook']);
      assert.deepEqual(await open().deliverDue([webhook()]), { locked: false, delivered: 0, retrying: 0, failed: 1 });
      const [item] = await open().status();
      assert.equal(item.state, 'failed');
      assert.match(item.state === 'failed' ? item.reason : '', /refused the request \(400\): schema mismatch/);
      assert.deepEqual(itemFiles(), [`${entry.id}.webhook.json`], 'a refused record is never deleted');
      await open().deliverDue([webhook()], now + 24 * 60 * MINUTE);
      assert.equal(receiver.requests.length, 1, 'a failed item is not retried by itself');

      receiver.mode = 'up';
      assert.equal(await open().retry({ entryId: entry.id }), 1);
      assert.equal((await open().deliverDue([webhook()])).delivered, 1);
      assert.equal(receiver.acked.get(`${entry.id}:webhook`), 1);
    });

    it('two outboxes on one directory delivering at once send each record once', async () => {
      await receiver.start();
      const entries = [record('a'), record('b'), record('c'), record('d')];
      for (const entry of entries) await open().enqueue(entry, ['webhook']);
      const reports = await Promise.all([open().deliverDue([webhook()]), open().deliverDue([webhook()])]);
      assert.equal(reports[0].delivered + reports[1].delivered, 4);
      for (const entry of entries) assert.equal(receiver.acked.get(`${entry.id}:webhook`), 1);
      assert.equal(receiver.requests.length, 4);
    });
  });

  it('backoff grows from 5 s, doubling, and is capped at 15 min', async () => {
    const sink = fakeSink('flaky', () => Promise.reject(new TrackerError('server', 'Flaky', 'failed (502)', 502)));
    const entry = record('backoff');
    await open().enqueue(entry, [sink.id]);
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      await open().deliverDue([sink]);
      const [item] = await open().status();
      assert.equal(item.state, 'pending');
      if (item.state !== 'pending') return;
      delays.push(item.nextAttemptAt - now);
      now = item.nextAttemptAt;
    }
    assert.equal(sink.calls.length, 12);
    delays.forEach((delay, i) => {
      const raw = Math.min(15 * MINUTE, 5_000 * 2 ** i);
      assert.ok(delay >= raw * 0.8 && delay <= raw, `delay ${i + 1} is ${delay} ms, expected within [${raw * 0.8}, ${raw}]`);
      if (raw < 15 * MINUTE) assert.ok(delays[i + 1] > delay, 'each delay is longer than the one before until the cap');
    });
    assert.equal(new Set(sink.calls).size, 1, 'the idempotency key is stable across retries');
    assert.deepEqual(sink.calls[0], `${entry.id}:flaky`);
  });

  it('backoffMs: bounds of the jitter and the cap', () => {
    assert.equal(backoffMs(1, () => 0), 5_000);
    assert.equal(backoffMs(1, () => 1), 4_000);
    assert.equal(backoffMs(3, () => 0), 20_000);
    assert.equal(backoffMs(9, () => 0), 15 * MINUTE);
    assert.equal(backoffMs(500, () => 0), 15 * MINUTE);
  });

  it('retries 408 and 429, honouring a Retry-After', async () => {
    const sink = fakeSink('limited', (_e, _o, call) =>
      Promise.reject(call === 1 ? new TrackerError('rateLimited', 'X', 'rate limit', 429, now + 10 * MINUTE) : new TrackerError('unexpected', 'X', 'timeout (408)', 408)));
    await open().enqueue(record('limited'), [sink.id]);
    await open().deliverDue([sink]);
    let [item] = await open().status();
    assert.ok(item.state === 'pending' && item.nextAttemptAt === now + 10 * MINUTE, 'waits as long as asked');
    now += 10 * MINUTE;
    await open().deliverDue([sink]);
    [item] = await open().status();
    assert.equal(item.state, 'pending', '408 is worth another try');
  });

  it('gives up on a sink that never answers (and ignores its signal) after the delivery timeout', async () => {
    const sink = fakeSink('stuck', () => new Promise(() => undefined));
    await open().enqueue(record('stuck'), [sink.id]);
    assert.deepEqual(await open({ deliveryTimeoutMs: 50 }).deliverDue([sink]), { locked: false, delivered: 0, retrying: 1, failed: 0 });
    const [item] = await open().status();
    assert.match(item.state === 'pending' ? item.lastError ?? '' : '', /Fake stuck did not acknowledge within 0\.05 s/);
  });

  it('leaves the item untouched when the host cancels (shutting down)', async () => {
    const controller = new AbortController();
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    const sink = fakeSink('slow', (_e, options) => new Promise((_resolve, reject) => (entered(), options.signal?.addEventListener('abort', () => reject(new Error('aborted'))))));
    await open().enqueue(record('cancelled'), [sink.id]);
    const run = open({ deliveryTimeoutMs: 10_000 }).deliverDue([sink], now, { signal: controller.signal });
    await started;
    controller.abort();
    await run;
    const [item] = await open().status();
    assert.ok(item.state === 'pending' && item.attempts === 0 && item.nextAttemptAt <= now, 'still due, no attempt counted');
  });

  it('the lock: a second outbox waits while the first delivers, and nothing goes out twice', async () => {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (entered = resolve));
    const sinkA = fakeSink('hook', async () => (entered(), await gate, {}));
    const sinkB = fakeSink('hook', async () => ({}));
    const entries = [record('x'), record('y')];
    for (const entry of entries) await open().enqueue(entry, ['hook']);
    const first = open({ deliveryTimeoutMs: 10_000 }).deliverDue([sinkA]);
    await started;
    assert.deepEqual(await open().deliverDue([sinkB]), { locked: true, delivered: 0, retrying: 0, failed: 0 });
    release();
    assert.equal((await first).delivered, 2);
    assert.equal((await open().deliverDue([sinkB])).delivered, 0);
    assert.deepEqual(sinkB.calls, []);
    assert.deepEqual([...sinkA.calls].sort(), entries.map((e) => `${e.id}:hook`).sort());
  });

  it('breaks a lock its window abandoned, but not a fresh one', async () => {
    const sink = fakeSink('hook', async () => ({}));
    await open().enqueue(record('locked'), ['hook']);
    const lock = join(dir, 'deliver-hook.lock');
    writeFileSync(lock, 'another window');
    // Ages are judged by the outbox's clock: date the file by it too, not by the machine's.
    utimesSync(lock, now / 1000, now / 1000);
    assert.equal((await open().deliverDue([sink])).locked, true);
    utimesSync(lock, (now - 10 * MINUTE) / 1000, (now - 10 * MINUTE) / 1000);
    assert.deepEqual(await open().deliverDue([sink]), { locked: false, delivered: 1, retrying: 0, failed: 0 });
    assert.deepEqual(readdirSync(dir), ['delivered.jsonl']);
  });

  it('finishes the bookkeeping of an item acknowledged just before a crash, without sending it again', async () => {
    const sink = fakeSink('hook', async () => ({}));
    const entry = record('crash');
    await open().enqueue(entry, ['hook']);
    writeFileSync(join(dir, 'delivered.jsonl'), `${JSON.stringify({ entryId: entry.id, sinkId: 'hook', deliveredAt: now, attempts: 1 })}\n`);
    assert.equal((await open().deliverDue([sink])).delivered, 1);
    assert.deepEqual(sink.calls, []);
    assert.deepEqual(itemFiles(), []);
  });

  it('enqueue writes the item durably, once, and refuses bad input', async () => {
    const entry = record('durable');
    await open().enqueue(entry, ['webhook', 'comment-jira', 'webhook']);
    assert.deepEqual(itemFiles(), [`${entry.id}.comment-jira.json`, `${entry.id}.webhook.json`]);
    const item = JSON.parse(readFileSync(join(dir, `${entry.id}.webhook.json`), 'utf8'));
    assert.deepEqual(
      { ...item, entry: undefined },
      { version: 1, entry: undefined, sinkId: 'webhook', state: 'pending', attempts: 0, createdAt: now, nextAttemptAt: now },
    );
    assert.deepEqual(item.entry, entry);
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp')), 'no temp file left behind');
    await open().enqueue(entry, ['webhook']);
    assert.equal(itemFiles().length, 2, 'enqueuing again changes nothing');
    await open().deliverDue([fakeSink('webhook', async () => ({}))]);
    await open().enqueue(entry, ['webhook']);
    assert.deepEqual(itemFiles(), [`${entry.id}.comment-jira.json`], 'a delivered pair is not queued again');
    await assert.rejects(open().enqueue(entry, ['../evil']), (e: unknown) => e instanceof ChangeTrailError && /sink id/.test(e.message));
    await assert.rejects(open().enqueue({ ...entry, id: 'not-a-ulid' }, ['webhook']), ChangeTrailError);
  });

  it('leaves items of sinks it was not given, and unreadable files, in place', async () => {
    const entry = record('other sink');
    await open().enqueue(entry, ['elsewhere']);
    const corrupt = `${ulid()}.webhook.json`;
    writeFileSync(join(dir, corrupt), '{"version":1,');
    const sink = fakeSink('webhook', async () => ({}));
    assert.deepEqual(await open().deliverDue([sink]), { locked: false, delivered: 0, retrying: 0, failed: 0 });
    assert.deepEqual(sink.calls, []);
    assert.deepEqual(itemFiles(), [`${entry.id}.elsewhere.json`, corrupt].sort());
    const status = await open().status();
    const bad = status.find((s) => s.sinkId === 'webhook');
    assert.ok(bad?.state === 'failed' && /unreadable outbox file/.test(bad.reason));
  });

  it('removes temp files a crash left behind, once they are old, and no others', async () => {
    const old = `.${ulid()}.webhook.json.0a1b2c.tmp`;
    const fresh = `.${ulid()}.webhook.json.3d4e5f.tmp`;
    writeFileSync(join(dir, old), '{"version":1,"ent');
    writeFileSync(join(dir, fresh), '{"version":1,"ent');
    utimesSync(join(dir, fresh), now / 1000, now / 1000); // fresh by the outbox's clock, whatever the machine's says
    utimesSync(join(dir, old), (now - 2 * 60 * MINUTE) / 1000, (now - 2 * 60 * MINUTE) / 1000);
    await open().deliverDue([]);
    assert.deepEqual(readdirSync(dir), [fresh], 'a fresh one may be another window writing right now');
  });

  it('keeps the steps a sink finished, so a retry after a restart skips them', async () => {
    const seen: boolean[] = [];
    const sink = fakeSink('steps', async (_e, options, call) => {
      seen.push(options.progress?.has('first') ?? false);
      if (!options.progress?.has('first')) await options.progress?.mark('first');
      if (call === 1) throw new TrackerError('server', 'Steps', 'failed (500)', 500);
      return { url: 'https://tracker.example.com/c/1' };
    });
    await open().enqueue(record('steps'), [sink.id]);
    await open().deliverDue([sink]);
    now += 16 * MINUTE;
    assert.equal((await open().deliverDue([sink])).delivered, 1);
    assert.deepEqual(seen, [false, true]);
    const [delivered] = await open().status();
    assert.ok(delivered.state === 'delivered' && delivered.url === 'https://tracker.example.com/c/1' && delivered.attempts === 2);
  });

  it('remembers only the recent deliveries in delivered.jsonl', async () => {
    const sink = fakeSink('hook', async () => ({}));
    for (let i = 0; i < 5; i++) await open().enqueue(record(`r${i}`), ['hook']);
    await open({ keepDelivered: 2 }).deliverDue([sink]);
    assert.equal((await open().status()).length, 5);
    await open({ keepDelivered: 2 }).deliverDue([sink]);
    assert.equal((await open().status()).length, 2);
  });
});
