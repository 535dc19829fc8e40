import { randomBytes } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log';

const POLL_MS = 25;

// One lock per sink, so a slow receiver held by one window never stops another window's other sinks.
const lockName = (sinkId: string) => `deliver-${sinkId}.lock`;
// Compaction rewrites delivered.jsonl, so an append must not land between its read and its rename.
// Not a sink lock: sink ids start with a letter or digit.
const DELIVERED_LOCK = 'delivered.lock';

/**
 * The outbox's delivery locks, one file per sink holding `<pid>-<hex>@<host>`. A lock whose window
 * died is taken over at once when it was on this machine and its process is gone; otherwise (a
 * shared folder, another machine) once untouched for `staleMs` (its window died or slept).
 */
export class DeliveryLocks {
  constructor(
    private readonly dir: string,
    private readonly clock: () => number,
    private readonly staleMs: number,
    private readonly logger: Logger,
  ) {}

  /** Takes a sink's lock by exclusive create; the token to release it with, or undefined while another window holds it. */
  take(sinkId: string): Promise<string | undefined> {
    return this.takeFile(lockName(sinkId));
  }

  /**
   * Waits for a sink's lock, polling, for at most `waitMs` (a delivery in this or another window
   * holds it for one run); the token, or undefined if it is still held then.
   */
  async takeWaiting(sinkId: string, waitMs: number): Promise<string | undefined> {
    return this.waitFor(() => this.take(sinkId), waitMs);
  }

  /** The lock of delivered.jsonl, waited for at most `waitMs` (0: not at all); held for one append or one compaction. */
  takeDelivered(waitMs: number): Promise<string | undefined> {
    return this.waitFor(() => this.takeFile(DELIVERED_LOCK), waitMs);
  }

  releaseDelivered(token: string): Promise<void> {
    return this.releaseFile(DELIVERED_LOCK, token);
  }

  private async waitFor(take: () => Promise<string | undefined>, waitMs: number): Promise<string | undefined> {
    // Counted in polls, not read from a clock: the injected clock may stand still.
    for (let waited = 0; ; waited += POLL_MS) {
      const token = await take();
      if (token !== undefined || waited >= waitMs) return token;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async takeFile(name: string): Promise<string | undefined> {
    const path = join(this.dir, name);
    const held = await readFile(path, 'utf8').catch(() => undefined);
    const touched = held === undefined ? undefined : (await stat(path).catch(() => undefined))?.mtimeMs;
    if (held !== undefined && (ownerGone(held) || (touched !== undefined && this.clock() - touched >= this.staleMs))) {
      // Two windows breaking the same dead lock may both get through; idempotency keys absorb that.
      this.logger.warn(`Outbox: taking over an abandoned lock (${name}) in ${this.dir}`);
      await unlink(path).catch(() => undefined);
    }
    const token = `${process.pid}-${randomBytes(8).toString('hex')}@${hostname()}`;
    const seconds = this.clock() / 1000;
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(token).then(() => handle.utimes(seconds, seconds)).finally(() => handle.close());
      return token;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw error;
    }
  }

  /** Refreshes the lock's age before each delivery; false when it is no longer ours (we slept and were overtaken). */
  async heartbeat(sinkId: string, token: string): Promise<boolean> {
    const path = join(this.dir, lockName(sinkId));
    if ((await readFile(path, 'utf8').catch(() => undefined)) !== token) return false;
    const seconds = this.clock() / 1000;
    const handle = await open(path, 'r+');
    await handle.utimes(seconds, seconds).finally(() => handle.close());
    return true;
  }

  /** Removes the lock if it is still ours: a window that found ours stale may hold a new one by now. */
  release(sinkId: string, token: string): Promise<void> {
    return this.releaseFile(lockName(sinkId), token);
  }

  private async releaseFile(name: string, token: string): Promise<void> {
    const path = join(this.dir, name);
    if ((await readFile(path, 'utf8').catch(() => undefined)) === token) await unlink(path).catch(() => undefined);
  }
}

/** Whether a lock's owner (`<pid>-<hex>@<host>`) was a process on this machine that no longer runs. */
export function ownerGone(token: string, host: string = hostname()): boolean {
  const match = /^(\d+)-[0-9a-f]+@(.+)$/.exec(token.trim());
  if (!match || match[2] !== host) return false;
  try {
    process.kill(Number(match[1]), 0);
    return false;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
