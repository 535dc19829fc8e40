import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackerError } from '../../../../src/core/net/trackerError';
import type { ChangeRecord } from '../../../../src/core/records/changeRecord';
import { Outbox } from '../../../../src/core/records/outbox';
import type { RecordSink } from '../../../../src/core/records/sinks/recordSink';
import { ulid } from '../../../../src/core/records/ulid';

// Every outbox write that another window's delivery could race (retry, enqueue, compaction) must
// act on the files as they are under the lock, not on what it read before: else a finished step
// (one of several ticket comments) is undone and posted again, or a delivered line is lost.

const NOW = Date.UTC(2025, 2, 14, 9, 30, 0);

function record(): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(NOW), createdAt: new Date(NOW).toISOString(), tickets: ['PROJ-1', 'PROJ-2'], title: 'two tickets', description: '', reason: 'why',
    systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

/** Comments on each ticket as one step; PROJ-2's tracker is down while `down` says so. */
function commentingSink(posted: string[], down: { value: boolean }): RecordSink {
  return {
    id: 'comments',
    label: 'Comments',
    deliver: async (entry, { progress }) => {
      for (const ticket of (entry as ChangeRecord).tickets) {
        if (progress?.has(ticket)) continue;
        if (ticket === 'PROJ-2' && down.value) throw new TrackerError('server', 'Tracker', 'the tracker failed (503)', 503);
        posted.push(ticket);
        await progress?.mark(ticket);
      }
      return {};
    },
  };
}

/** Holds the `call`th call of one of an outbox's private readers until the returned `open` is called. */
function holdRead(outbox: Outbox, method: 'readItems' | 'readDelivered', call: number) {
  const target = outbox as unknown as Record<string, () => Promise<unknown>>;
  const original = target[method].bind(outbox);
  let calls = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const atGate = new Promise<void>((resolve) => (reached = resolve));
  target[method] = async () => {
    const result = await original();
    if (++calls === call) (reached(), await gate);
    return result;
  };
  return { atGate, open };
}

const windowOn = (dir: string) => new Outbox(dir, undefined, { clock: () => NOW, random: () => 0, deliveryTimeoutMs: 2_000 });

describe('outbox writes that race a delivery in another window', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-outbox-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('retry() works from the item as the delivery left it: the finished comment is not posted again', async () => {
    const entry = record();
    const delivering = windowOn(dir);
    const retrying = windowOn(dir);
    await delivering.enqueue(entry, ['comments']);
    const posted: string[] = [];
    const down = { value: true };
    // The Retry click has looked at the items when the other window starts delivering.
    const held = holdRead(retrying, 'readItems', 1);
    const retried = retrying.retry({ entryId: entry.id });
    await held.atGate;
    assert.deepEqual({ ...(await delivering.deliverDue([commentingSink(posted, down)], NOW)) }, { locked: false, delivered: 0, retrying: 1, failed: 0 });
    held.open();
    assert.equal(await retried, 1);
    down.value = false;
    assert.deepEqual({ ...(await delivering.deliverDue([commentingSink(posted, down)], NOW)) }, { locked: false, delivered: 1, retrying: 0, failed: 0 });
    assert.deepEqual(posted, ['PROJ-1', 'PROJ-2'], 'PROJ-1 was commented on twice');
  });

  it('retry() waits for a delivery that holds the lock, then makes the item due', async () => {
    const entry = record();
    const delivering = windowOn(dir);
    const retrying = windowOn(dir);
    await delivering.enqueue(entry, ['comments']);
    let retried: Promise<number> | undefined;
    let settledDuringDelivery = false;
    const sink: RecordSink = {
      id: 'comments',
      label: 'Comments',
      deliver: async (_entry, { progress }) => {
        await progress?.mark('PROJ-1');
        retried = retrying.retry();
        void retried.then(() => (settledDuringDelivery = true));
        await new Promise((resolve) => setTimeout(resolve, 150));
        throw new TrackerError('server', 'Tracker', 'the tracker failed (503)', 503);
      },
    };
    await delivering.deliverDue([sink], NOW);
    assert.equal(settledDuringDelivery, false, 'retry() wrote while the delivery held the lock');
    assert.equal(await retried, 1);
    const [item] = await retrying.status();
    assert.ok(item.state === 'pending' && item.nextAttemptAt === NOW && item.attempts === 1, JSON.stringify(item));
  });

  it('enqueue() of an entry another window is delivering keeps that window\'s progress', async () => {
    const entry = record();
    const delivering = windowOn(dir);
    const again = windowOn(dir); // e.g. the CLI run again while the editor delivers
    const posted: string[] = [];
    const down = { value: true };
    const held = holdRead(again, 'readDelivered', 1);
    const queued = again.enqueue(entry, ['comments']);
    await held.atGate;
    await delivering.enqueue(entry, ['comments']);
    await delivering.deliverDue([commentingSink(posted, down)], NOW);
    held.open();
    await queued;
    down.value = false;
    await delivering.deliverDue([commentingSink(posted, down)], NOW + 3_600_000);
    assert.deepEqual(posted, ['PROJ-1', 'PROJ-2'], 'PROJ-1 was commented on twice');
  });

  it('enqueue() of an entry delivered while it looked does not queue it again', async () => {
    const entry = record();
    const delivering = windowOn(dir);
    const again = windowOn(dir);
    await delivering.enqueue(entry, ['comments']);
    const held = holdRead(again, 'readDelivered', 1);
    const queued = again.enqueue(entry, ['comments']);
    // It may see the queued file and be done at once; else it has read delivered.jsonl when the delivery ends.
    await Promise.race([held.atGate, queued]);
    await delivering.deliverDue([commentingSink([], { value: false })], NOW);
    held.open();
    await queued;
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.json')), [], 'a delivered entry was queued again');
  });

  it('a compaction in one window does not lose a delivery another window records meanwhile', async () => {
    const old = [1, 2, 3].map((n) => JSON.stringify({ entryId: ulid(NOW - n), sinkId: 'comments', deliveredAt: NOW - n, attempts: 1 })).join('\n');
    writeFileSync(join(dir, 'delivered.jsonl'), `${old}\n`);
    const compacting = new Outbox(dir, undefined, { clock: () => NOW, keepDelivered: 1 });
    const delivering = new Outbox(dir, undefined, { clock: () => NOW, keepDelivered: 1, deliveryTimeoutMs: 2_000 });
    const entry = record();
    await delivering.enqueue(entry, ['comments']);
    // The compaction has read the file (second read: the first only checks its length) and is about to write it.
    const held = holdRead(compacting, 'readDelivered', 2);
    const compacted = compacting.deliverDue([], NOW);
    await held.atGate;
    const delivered = delivering.deliverDue([commentingSink([], { value: false })], NOW);
    await Promise.race([delivered, new Promise((resolve) => setTimeout(resolve, 300))]);
    held.open();
    await Promise.all([compacted, delivered]);
    const states = (await delivering.status()).filter((s) => s.entryId === entry.id);
    assert.deepEqual(states.map((s) => s.state), ['delivered'], 'the delivery was dropped from delivered.jsonl');
  });
});
