import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChangeTrailError } from '../../../../src/core/errors';
import { TrackerError } from '../../../../src/core/net/trackerError';
import { ulid } from '../../../../src/core/records/ulid';
import { MINUTE, fakeSink, outboxOn, record, withOutboxDir } from './outboxTestSetup';

// The outbox's files: the delivery lock, item files written durably, crash leftovers, a sink's
// finished steps, and delivered.jsonl.

describe('Outbox', () => {
  let dir: string;
  let now: number;
  const { open, itemFiles } = outboxOn(() => dir, () => now);
  withOutboxDir((fresh, at) => ([dir, now] = [fresh, at]), () => dir);

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
    const corrupt = `${ulid(Date.now())}.webhook.json`;
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
    const old = `.${ulid(Date.now())}.webhook.json.0a1b2c.tmp`;
    const fresh = `.${ulid(Date.now())}.webhook.json.3d4e5f.tmp`;
    writeFileSync(join(dir, old), '{"version":1,"ent');
    writeFileSync(join(dir, fresh), '{"version":1,"ent');
    // A temp's age is its mtime against the file system's clock: dated back from when it was written.
    const written = statSync(join(dir, old)).mtimeMs;
    utimesSync(join(dir, old), (written - 2 * 60 * MINUTE) / 1000, (written - 2 * 60 * MINUTE) / 1000);
    await open().deliverDue([]);
    assert.deepEqual(readdirSync(dir), [fresh], 'a fresh one may be another window writing right now');
  });

  it('keeps a temp file being written now though the injected clock is hours ahead of the file system', async () => {
    const fresh = `.${ulid(Date.now())}.webhook.json.3d4e5f.tmp`;
    writeFileSync(join(dir, fresh), '{"version":1,"ent');
    const written = statSync(join(dir, fresh)).mtimeMs;
    now = written + 3 * 60 * MINUTE;
    await open().deliverDue([]);
    assert.deepEqual(readdirSync(dir), [fresh], 'another window writing it right now');
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
