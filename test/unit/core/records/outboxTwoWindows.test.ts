import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackerError } from '../../../../src/core/net/trackerError';
import type { ChangeRecord } from '../../../../src/core/records/changeRecord';
import { Outbox } from '../../../../src/core/records/outbox';
import type { RecordSink } from '../../../../src/core/records/sinks/recordSink';
import { ulid } from '../../../../src/core/records/ulid';

// Two windows (or a window and the CLI) delivering from one outbox: the one that waited for the
// lock must act on the items as they are once it holds it, not as they were when it looked.

const NOW = Date.UTC(2025, 2, 14, 9, 30, 0);

function record(): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(NOW), createdAt: new Date(NOW).toISOString(), tickets: ['PROJ-1', 'PROJ-2'], title: 'two tickets', description: '', reason: 'why',
    systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

/** A sink that, like ticket comments, does one step per ticket: PROJ-1 works, PROJ-2's tracker is down. */
function commentingSink(posted: string[]): RecordSink {
  return {
    id: 'comments',
    label: 'Comments',
    deliver: async (entry, { progress }) => {
      for (const ticket of (entry as ChangeRecord).tickets) {
        if (progress?.has(ticket)) continue;
        if (ticket === 'PROJ-2') throw new TrackerError('server', 'Tracker', 'the tracker failed (503)', 503);
        posted.push(ticket);
        await progress?.mark(ticket);
      }
      return {};
    },
  };
}

describe('two windows delivering from one outbox', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-outbox-two-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the window that got the lock second works from the items as the first left them: no step repeated, the backoff kept', async () => {
    const entry = record();
    const first = new Outbox(dir, undefined, { clock: () => NOW, random: () => 0 });
    const second = new Outbox(dir, undefined, { clock: () => NOW, random: () => 0 });
    await first.enqueue(entry, ['comments']);
    const posted: string[] = [];
    // The second window has looked at the items and is about to take the lock when the first takes it.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const locks = (second as unknown as { locks: { take(id: string): Promise<string | undefined> } }).locks;
    const take = locks.take.bind(locks);
    let waiting!: () => void;
    const atGate = new Promise<void>((resolve) => (waiting = resolve));
    locks.take = async (id) => (waiting(), await gate, take(id));
    const late = second.deliverDue([commentingSink(posted)], NOW);
    await atGate;
    const report = await first.deliverDue([commentingSink(posted)], NOW);
    assert.deepEqual({ ...report }, { locked: false, delivered: 0, retrying: 1, failed: 0 });
    open();
    await late;
    assert.deepEqual(posted, ['PROJ-1'], 'PROJ-1 was commented on twice');
    const [item] = await first.status();
    assert.equal(item.state, 'pending');
    assert.equal(item.state === 'pending' && item.attempts, 1, 'the second window tried again at once, ignoring the backoff');
    assert.ok(item.state === 'pending' && item.nextAttemptAt > NOW);
  });
});
