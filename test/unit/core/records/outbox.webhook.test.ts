import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { WebhookSink } from '../../../../src/core/records/sinks/webhookSink';
import { MINUTE, type Receiver, createReceiver, outboxOn, record, withOutboxDir } from './outboxTestSetup';

// The outbox against a real webhook receiver that goes down, comes up, turns slow or refuses.

describe('Outbox', () => {
  let dir: string;
  let now: number;
  const { open, itemFiles } = outboxOn(() => dir, () => now);
  withOutboxDir((fresh, at) => ([dir, now] = [fresh, at]), () => dir);

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
});
