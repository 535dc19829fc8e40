import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ChangeTrailError, errorMessage } from '../errors';
import { type Logger, excerpt, silentLogger } from '../log';
import { type LogEntry, logEntrySchema } from './changeRecord';
import { type Delivered, type DeliveryReport, type Item, type ItemFile, type OutboxItemStatus, type Outcome, deliveredSchema, itemSchema } from './outboxItems';
import { codeOf, createAtomic, fileSystemNow, parseJson, removeFile, withFile, writeAtomic } from './outboxFiles';
import { DeliveryLocks } from './outboxLock';
import { type DeliveryOptions, type DeliveryResult, type RecordSink, SINK_ID_PATTERN, isPermanentFailure, retryAtOf } from './sinks/recordSink';

export type { DeliveryReport, OutboxItemStatus } from './outboxItems';

export interface OutboxOptions {
  readonly clock?: () => number; // epoch ms, for schedules and lock ages; tests inject one
  readonly random?: () => number; // jitter source in [0, 1)
  readonly deliveryTimeoutMs?: number; // longest one delivery may take (default 30 s)
  readonly lockStaleMs?: number; // age at which another window's lock counts as abandoned (default 2 x timeout + 30 s)
  readonly keepDelivered?: number; // delivered items remembered in delivered.jsonl (default 500)
}

const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 15 * 60_000;
// Retry-After is honoured within reason: a misconfigured receiver must not park records for days.
const MAX_RETRY_AFTER_MS = 60 * 60_000;
const DELIVERED = 'delivered.jsonl';
const ITEM_FILE = /^([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9][A-Za-z0-9_-]*)\.json$/;

/** Delay before the attempt after `attempts` failures: 5 s doubling, capped at 15 min, minus up to 20% jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const raw = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(Math.max(0, attempts - 1), 30));
  // Jitter smaller than the doubling keeps the schedule growing while windows that failed together drift apart.
  return Math.round(raw * (1 - 0.2 * random()));
}

/**
 * Durable delivery of log entries to sinks: one JSON file per pending (entry, sink) in `dir`,
 * written atomically and fsynced before enqueue returns, deleted only after the sink acknowledged.
 * Failures are retried with backoff; refusals (4xx) are kept as failed. A lock file keeps two
 * windows from delivering at once; a new Outbox on the same directory carries on where one stopped.
 */
export class Outbox {
  private readonly o: Required<OutboxOptions>;
  private readonly locks: DeliveryLocks;
  private readonly running = new Map<string, Promise<DeliveryReport>>();

  constructor(
    readonly dir: string,
    private readonly logger: Logger = silentLogger,
    options: OutboxOptions = {},
  ) {
    const timeout = options.deliveryTimeoutMs ?? 30_000;
    this.o = { clock: Date.now, random: Math.random, deliveryTimeoutMs: timeout, lockStaleMs: 2 * timeout + 30_000, keepDelivered: 500, ...options };
    this.locks = new DeliveryLocks(dir, this.o.clock, this.o.lockStaleMs, logger);
  }

  /** Accepts an entry for each sink; once this resolves it survives a crash. Pairs already queued or delivered are skipped. */
  async enqueue(entry: LogEntry, sinkIds: readonly string[]): Promise<void> {
    const parsed = logEntrySchema.safeParse(entry);
    if (!parsed.success) throw new ChangeTrailError('ConfigInvalid', `The outbox refused entry ${String(entry?.id)}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const bad = sinkIds.find((id) => !SINK_ID_PATTERN.test(id));
    if (bad !== undefined) throw new ChangeTrailError('ConfigInvalid', `The outbox refused sink id "${bad}": letters, digits, - and _ only`);
    await mkdir(this.dir, { recursive: true });
    for (const sinkId of new Set(sinkIds)) {
      const name = `${entry.id}.${sinkId}.json`;
      // The file before delivered.jsonl: a delivery appends there before it removes the file, so one
      // finishing between the two looks is still seen.
      if (await stat(join(this.dir, name)).then(() => true, () => false)) continue;
      if ((await this.readDelivered()).some((d) => d.entryId === entry.id && d.sinkId === sinkId)) continue;
      const now = this.o.clock();
      // The entry as given: zod's copy would strip fields a newer ChangeTrail added.
      const item: Item = { version: 1, entry, sinkId, state: 'pending', attempts: 0, createdAt: now, nextAttemptAt: now };
      // Never over a file another window created meanwhile: a delivery may already have marked steps in it.
      await createAtomic(this.dir, name, JSON.stringify(item));
    }
  }

  /**
   * Tries every due pending item once, each within the delivery timeout. Sinks go independently
   * and at once, each under its own lock; within a sink one at a time, `first` (an entry id) ahead
   * of older items, and once the receiver fails one (down, slow, rate limited) the rest of its
   * items wait for the next run instead of each waiting out the timeout. Items of sinks not given
   * wait untouched. A call while this outbox is delivering to a sink joins that sink's run.
   */
  async deliverDue(sinks: readonly RecordSink[], now = this.o.clock(), options: { readonly signal?: AbortSignal; readonly first?: string } = {}): Promise<DeliveryReport> {
    await mkdir(this.dir, { recursive: true });
    await this.removeOldTemps();
    await this.compact();
    const reports = await Promise.all(sinks.map((sink) => {
      let run = this.running.get(sink.id);
      if (!run) {
        run = this.runSink(sink, now, options.signal, options.first).finally(() => this.running.delete(sink.id));
        this.running.set(sink.id, run);
      }
      return run;
    }));
    return reports.reduce((a, b) => ({ locked: a.locked || b.locked, delivered: a.delivered + b.delivered, retrying: a.retrying + b.retrying, failed: a.failed + b.failed }), { locked: false, delivered: 0, retrying: 0, failed: 0 });
  }

  /** Every item's state: pending (with the next retry), failed (with the reason), and delivered ones still remembered. */
  async status(): Promise<OutboxItemStatus[]> {
    const out: OutboxItemStatus[] = [];
    for (const { entryId, sinkId, item, problem } of await this.readItems()) {
      if (!item) out.push({ state: 'failed', entryId, sinkId, attempts: 0, reason: problem ?? 'unreadable' });
      else if (item.state === 'failed') out.push({ state: 'failed', entryId, sinkId, entry: item.entry, attempts: item.attempts, reason: item.lastError ?? 'failed', failedAt: item.failedAt });
      else out.push({ state: 'pending', entryId, sinkId, entry: item.entry, attempts: item.attempts, createdAt: item.createdAt, nextAttemptAt: item.nextAttemptAt, lastError: item.lastError });
    }
    for (const d of await this.readDelivered()) out.push({ state: 'delivered', ...d });
    return out;
  }

  /**
   * Makes matching failed and pending items due now (after a sign-in, a fixed URL, a "Retry" click);
   * returns how many. Each sink's items change under its delivery lock, waited for while a run
   * holds it, and are read again under it: a delivery may have finished steps or the item meanwhile.
   */
  async retry(filter: { readonly entryId?: string; readonly sinkId?: string } = {}): Promise<number> {
    const matches = (f: ItemFile) => f.item !== undefined && (!filter.entryId || f.entryId === filter.entryId) && (!filter.sinkId || f.sinkId === filter.sinkId);
    let count = 0;
    for (const sinkId of new Set((await this.readItems()).filter(matches).map((f) => f.sinkId))) {
      await this.running.get(sinkId)?.catch(() => undefined);
      const token = await this.locks.takeWaiting(sinkId, this.o.lockStaleMs);
      if (!token) throw new ChangeTrailError('RecordNotWritten', `The outbox could not retry ${sinkId}: another window is still delivering to it; try again when it has finished`);
      try {
        for (const { name, item } of (await this.readItems()).filter((f) => f.sinkId === sinkId && matches(f))) {
          await writeAtomic(this.dir, name, JSON.stringify({ ...item, state: 'pending', nextAttemptAt: this.o.clock() }));
          count++;
        }
      } finally {
        await this.locks.release(sinkId, token);
      }
    }
    return count;
  }

  private async runSink(sink: RecordSink, now: number, signal?: AbortSignal, first?: string): Promise<DeliveryReport> {
    const report = { locked: false, delivered: 0, retrying: 0, failed: 0 };
    const due = async () => (await this.readItems()).filter((f) => f.sinkId === sink.id && f.item?.state === 'pending' && f.item.nextAttemptAt <= now);
    if ((await due()).length === 0) return report;
    const token = await this.locks.take(sink.id);
    if (!token) return { ...report, locked: true };
    try {
      // Read again under the lock: another window may have delivered, rescheduled or advanced
      // (DeliveryProgress) these items since we looked, and its steps must not be repeated.
      const files = await due();
      const done = new Set((await this.readDelivered()).map(keyOf));
      // The entry being posted now goes ahead of older items still waiting for this receiver.
      const queue = first ? [...files.filter((f) => f.entryId === first), ...files.filter((f) => f.entryId !== first)] : files;
      for (const [index, file] of queue.entries()) {
        if (signal?.aborted) break;
        if (!(await this.locks.heartbeat(sink.id, token))) {
          this.logger.warn(`Outbox: another window took over the delivery lock of ${sink.label}; this run stopped early`);
          break;
        }
        let outcome: Outcome;
        try {
          outcome = await this.attempt(file, sink, done, now, signal);
        } catch (error) {
          // Bookkeeping failed (disk full?): the file still says pending, so a later run tries again.
          this.logger.error(`Outbox: could not update ${file.name}: ${errorMessage(error)}`);
          outcome = 'retrying';
        }
        report[outcome]++;
        if (outcome === 'retrying' && !signal?.aborted) {
          // The receiver is down, slow or rate limited: the rest wait for the next run, due as they were.
          report.retrying += queue.length - index - 1;
          break;
        }
      }
      return report;
    } finally {
      await this.locks.release(sink.id, token);
    }
  }

  /** Keeps delivered.jsonl to the recent deliveries (it is for the UI, not an archive: the change log is); one window at a time, no append in between. */
  private async compact(): Promise<void> {
    if ((await this.readDelivered()).length <= 2 * this.o.keepDelivered) return;
    const token = await this.locks.takeDelivered(0);
    if (!token) return;
    try {
      await writeAtomic(this.dir, DELIVERED, (await this.readDelivered()).slice(-this.o.keepDelivered).map((d) => `${JSON.stringify(d)}\n`).join(''));
    } finally {
      await this.locks.releaseDelivered(token);
    }
  }

  private async attempt(file: ItemFile, sink: RecordSink, done: Set<string>, now: number, signal?: AbortSignal): Promise<Outcome> {
    const key = keyOf(file);
    const item = file.item as Item;
    if (done.has(key)) {
      // Acknowledged before a crash took the file's removal with it: only the bookkeeping is left.
      await removeFile(this.dir, file.name);
      return 'delivered';
    }
    const steps = new Set(item.done ?? []);
    const progress = {
      has: (step: string) => steps.has(step),
      mark: (step: string) => writeAtomic(this.dir, file.name, JSON.stringify({ ...item, done: [...steps.add(step)] })),
    };
    try {
      const { url, warnings = [] } = await this.deliverWithin(sink, item.entry, { idempotencyKey: key, progress }, signal);
      // What the receiver took but did not apply stays with the delivery, for the status and the CLI.
      const kept = warnings.slice(0, 10).map((w) => excerpt(w, 300));
      await this.appendDelivered({ entryId: file.entryId, sinkId: file.sinkId, deliveredAt: this.o.clock(), attempts: item.attempts + 1, url, ...(kept.length ? { warnings: kept } : {}) });
      done.add(key);
      await removeFile(this.dir, file.name);
      this.logger.info(`Outbox: delivered ${file.entryId} to ${sink.label}`);
      return 'delivered';
    } catch (error) {
      // Shutting down is not the receiver's fault: the item stays as it was, due at the next start.
      if (signal?.aborted) return 'retrying';
      const lastError = excerpt(errorMessage(error), 500);
      const attempts = item.attempts + 1;
      const failed = isPermanentFailure(error);
      const wait = Math.max(backoffMs(attempts, this.o.random), Math.min((retryAtOf(error) ?? 0) - now, MAX_RETRY_AFTER_MS));
      const next = failed ? { state: 'failed', failedAt: now } : { nextAttemptAt: now + wait };
      await writeAtomic(this.dir, file.name, JSON.stringify({ ...item, done: [...steps], attempts, lastError, ...next }));
      this.logger.warn(`Outbox: delivering ${file.entryId} to ${sink.label} failed (attempt ${attempts}${failed ? ', not retried' : ''}): ${lastError}`);
      return failed ? 'failed' : 'retrying';
    }
  }

  /** The sink's answer, or a failure once the timeout passes, even when the sink ignores its signal. */
  private deliverWithin(sink: RecordSink, entry: LogEntry, options: DeliveryOptions, outer?: AbortSignal): Promise<DeliveryResult> {
    const deadline = new AbortController();
    const signal = outer ? AbortSignal.any([deadline.signal, outer]) : deadline.signal;
    const timer = setTimeout(() => deadline.abort(new Error(`${sink.label} did not acknowledge within ${this.o.deliveryTimeoutMs / 1000} s`)), this.o.deliveryTimeoutMs);
    const stopped = new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(deadline.signal.aborted ? deadline.signal.reason : new Error('delivery cancelled')), { once: true }));
    const delivery = Promise.resolve().then(() => sink.deliver(entry, { ...options, signal }));
    delivery.catch(() => undefined); // a failure arriving after the deadline is already accounted for
    return Promise.race([delivery, stopped]).finally(() => clearTimeout(timer));
  }

  private async removeOldTemps(): Promise<void> {
    const temps = (await readdir(this.dir).catch(() => [] as string[])).filter((name) => name.endsWith('.tmp'));
    // Like with like: a temp's mtime against the file system's clock (the injected one, an hour ahead, deleted a temp mid-write).
    const now = temps.length > 0 ? await fileSystemNow(this.dir) : 0;
    for (const name of temps) await this.removeIfOld(name, now);
  }

  private async readItems(): Promise<ItemFile[]> {
    const out: ItemFile[] = [];
    for (const name of (await readdir(this.dir).catch(() => [] as string[])).sort()) {
      const match = ITEM_FILE.exec(name);
      if (!match) continue;
      const [, entryId, sinkId] = match;
      // Gone meanwhile (another window delivered it) is fine; anything unreadable is kept and shown, never deleted.
      const text = await readFile(join(this.dir, name), 'utf8').catch((error: unknown) => (codeOf(error) === 'ENOENT' ? undefined : error as Error));
      const json = typeof text === 'string' ? parseJson(text) : undefined;
      const parsed = typeof text === 'string' ? itemSchema.safeParse(json) : undefined;
      // The entry as stored, unknown fields included: it is passed on to the receiver as it came.
      if (parsed?.success) out.push({ name, entryId, sinkId, item: { ...(json as Item), ...parsed.data, entry: (json as { entry: LogEntry }).entry } });
      else if (text !== undefined) out.push({ name, entryId, sinkId, problem: `unreadable outbox file ${name}: ${parsed?.error.issues[0]?.message ?? errorMessage(text)}` });
    }
    return out;
  }

  /** Temp files never hold an accepted item (enqueue returns after the rename); old ones are leftovers of a crash. */
  private async removeIfOld(name: string, now: number): Promise<void> {
    const info = await stat(join(this.dir, name)).catch(() => undefined);
    if (info && now - info.mtimeMs > 60 * 60_000) await removeFile(this.dir, name);
  }

  private async readDelivered(): Promise<Delivered[]> {
    const lines = (await readFile(join(this.dir, DELIVERED), 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
    // A line torn by a crash fails its schema and is skipped.
    return lines.map((l) => deliveredSchema.safeParse(parseJson(l))).flatMap((p) => (p.success ? [p.data] : []));
  }

  private async appendDelivered(record: Delivered): Promise<void> {
    // A compaction (this or another window) rewrites the file: a line appended during it would be lost.
    const token = await this.locks.takeDelivered(this.o.deliveryTimeoutMs);
    if (!token) this.logger.warn(`Outbox: ${join(this.dir, DELIVERED)} stayed locked; appending without the lock`);
    try {
      await withFile(join(this.dir, DELIVERED), 'a', async (h) => (await h.write(`${JSON.stringify(record)}\n`), await h.sync()));
    } finally {
      if (token) await this.locks.releaseDelivered(token);
    }
  }
}

const keyOf = (d: { readonly entryId: string; readonly sinkId: string }): string => `${d.entryId}:${d.sinkId}`;
