import * as assert from 'node:assert/strict';
import { TrackerError } from '../../../../src/core/net/trackerError';
import { backoffMs } from '../../../../src/core/records/outbox';
import { MINUTE, fakeSink, outboxOn, record, withOutboxDir } from './outboxTestSetup';

// When the outbox tries again: backoff, Retry-After, a sink that never answers, a host that cancels.

describe('Outbox', () => {
  let dir: string;
  let now: number;
  const { open } = outboxOn(() => dir, () => now);
  withOutboxDir((fresh, at) => ([dir, now] = [fresh, at]), () => dir);

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
});
