import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliverChannelPost } from '../../../../src/core/notes/channelDelivery';
import type { ChangeRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { Outbox } from '../../../../src/core/records/outbox';
import { ownerGone } from '../../../../src/core/records/outboxLock';
import type { DeliveryOptions, RecordSink } from '../../../../src/core/records/sinks/recordSink';
import { TrackerError } from '../../../../src/core/net/trackerError';
import { ulid } from '../../../../src/core/records/ulid';

// The outbox keeps moving: a lock whose window died is taken over at once, a slow receiver holds
// up neither the other receivers nor another window's deliveries, and the post being made now
// goes ahead of older ones still waiting for a receiver that is down.

const NOW = Date.UTC(2025, 2, 14, 9, 30, 0);

function record(title: string, at = NOW): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), tickets: ['PROJ-1'], title, description: '', reason: 'why',
    systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

function fakeSink(id: string, behave: (entry: LogEntry, options: DeliveryOptions) => Promise<{ url?: string }>): RecordSink & { calls: string[] } {
  const calls: string[] = [];
  return { id, label: `Fake ${id}`, calls, deliver: (entry, options) => (calls.push(entry.id), behave(entry, options)) };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the outbox keeps moving', () => {
  let dir: string;
  const clock = () => NOW;
  const open = (timeoutMs = 10_000) => new Outbox(dir, undefined, { clock, deliveryTimeoutMs: timeoutMs });
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-outbox-moving-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes over at once a fresh lock whose process on this machine is gone', async () => {
    const sink = fakeSink('hook', async () => ({}));
    await open().enqueue(record('a'), ['hook']);
    writeFileSync(join(dir, 'deliver-hook.lock'), `${deadPid()}-0123456789abcdef@${hostname()}`);
    assert.deepEqual(await open().deliverDue([sink]), { locked: false, delivered: 1, retrying: 0, failed: 0 });
    assert.deepEqual(readdirSync(dir), ['delivered.jsonl']);
  });

  it('leaves a fresh lock of a live process, or of another machine, alone', async () => {
    const sink = fakeSink('hook', async () => ({}));
    await open().enqueue(record('a'), ['hook']);
    for (const owner of [`${process.pid}-0123456789abcdef@${hostname()}`, `${deadPid()}-0123456789abcdef@another-machine.example`]) {
      writeFileSync(join(dir, 'deliver-hook.lock'), owner);
      assert.equal((await open().deliverDue([sink])).locked, true, owner);
    }
    assert.deepEqual(sink.calls, []);
    assert.equal(ownerGone(`${deadPid()}-00@${hostname()}`), true);
    assert.equal(ownerGone('another window'), false, 'an owner it cannot read is left to the age rule');
  });

  it('a slow receiver in one window does not stop another window delivering to the other receivers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const started = new Promise<void>((resolve) => (entered = resolve));
    const slow = fakeSink('slow', async () => (entered(), await gate, {}));
    const fast = fakeSink('fast', async () => ({}));
    const entry = record('both');
    await open().enqueue(entry, ['slow', 'fast']);
    const first = open().deliverDue([slow]);
    await started;
    // Another window, while the first still waits on the slow receiver:
    assert.deepEqual(await open().deliverDue([slow, fast]), { locked: true, delivered: 1, retrying: 0, failed: 0 });
    assert.deepEqual(fast.calls, [entry.id]);
    release();
    assert.equal((await first).delivered, 1);
    assert.deepEqual(slow.calls, [entry.id], 'the slow one was sent once, by the window that held its lock');
  });

  it('posts the entry being delivered now ahead of older items waiting for a receiver that is down', async () => {
    const down = new TrackerError('unreachable', 'Fake hook', '127.0.0.1 did not answer within 10 s');
    const older = [record('old 1', NOW - 3000), record('old 2', NOW - 2000), record('old 3', NOW - 1000)];
    const sink = fakeSink('hook', async (entry) => {
      if (entry.id !== current.id) throw down;
      return {};
    });
    for (const entry of older) await open().enqueue(entry, ['hook']);
    const current = record('now');
    await open().enqueue(current, ['hook']);
    const states = await deliverChannelPost(open(), [sink], current.id, { clock });
    assert.deepEqual(states.map((s) => s.state), ['delivered']);
    assert.equal(sink.calls[0], current.id, 'the current entry went first');
    // Once the receiver failed an older item, the rest waited instead of each timing out in turn.
    assert.equal(sink.calls.length, 2);
  });
});
