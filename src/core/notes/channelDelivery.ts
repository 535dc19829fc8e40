import type { LogEntry } from '../records/changeRecord';
import type { Outbox } from '../records/outbox';
import type { RecordSink } from '../records/sinks/recordSink';
import type { ChannelContent } from './noteSchema';
import type { NoteStore } from './noteStore';

/** Where one channel's post of an entry stands. */
export interface ChannelPostState {
  readonly sinkId: string;
  readonly state: 'delivered' | 'pending' | 'failed';
  /** The last error (pending), why it was given up (failed), or what the receiver took but did not apply (delivered); never the URL. */
  readonly detail?: string;
  /** When the outbox tries again (epoch ms), for pending posts. */
  readonly nextAttemptAt?: number;
}

/**
 * Saves the note (or digest) under the entry's id, then queues the entry for the channel sinks.
 * In that order, so a delivery never finds an entry without its note; once this resolves the
 * post survives a crash and is retried until a channel acknowledges or refuses it.
 */
export async function queueChannelPost(store: NoteStore, outbox: Outbox, entry: LogEntry, content: ChannelContent, sinkIds: readonly string[]): Promise<void> {
  await store.save(entry.id, content);
  await outbox.enqueue(entry, sinkIds);
}

/** How long deliverChannelPost keeps at it, and its clock (tests inject both). */
export interface DeliverOptions {
  /** How long to keep retrying posts the outbox reschedules (default 0: one round). */
  readonly waitMs?: number;
  readonly clock?: () => number;
  /** Waits between rounds; tests pass one that returns at once. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Delivers an entry's posts now, and while some are rescheduled (429, 5xx, another window holding
 * the delivery lock) keeps trying as their retry times come, within `waitMs`: for the CLI, which
 * has no background timer. Returns each channel's state; what is still pending stays in the
 * outbox for the next run or the editor.
 */
export async function deliverChannelPost(outbox: Outbox, sinks: readonly RecordSink[], entryId: string, options: DeliverOptions = {}): Promise<ChannelPostState[]> {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = clock() + (options.waitMs ?? 0);
  const ids = new Set(sinks.map((s) => s.id));
  for (;;) {
    // This entry first: older posts still waiting for a receiver must not hold it up.
    const report = await outbox.deliverDue(sinks, clock(), { first: entryId });
    const states = (await outbox.status()).filter((s) => s.entryId === entryId && ids.has(s.sinkId));
    const pending = states.flatMap((s) => (s.state === 'pending' ? [s.nextAttemptAt] : []));
    const next = report.locked ? clock() + 2_000 : Math.min(...pending);
    if ((pending.length === 0 && !report.locked) || next > deadline) return states.map(toState);
    await sleep(Math.max(0, next - clock()));
  }
}

function toState(s: Awaited<ReturnType<Outbox['status']>>[number]): ChannelPostState {
  if (s.state === 'delivered') return { sinkId: s.sinkId, state: 'delivered', ...(s.warnings?.length ? { detail: s.warnings.join('; ') } : {}) };
  if (s.state === 'failed') return { sinkId: s.sinkId, state: 'failed', detail: s.reason };
  return { sinkId: s.sinkId, state: 'pending', nextAttemptAt: s.nextAttemptAt, ...(s.lastError ? { detail: s.lastError } : {}) };
}
