import type { FileHandle } from 'node:fs/promises';
import { openLogFile } from '../logFile';

// How long the log stays open after its last read. The questions of one File History page or one
// hover come within milliseconds of each other, and each paid an open, a stat and a close on the
// thread pool: about 2-3 ms of a 12 ms page on a loaded machine (bench/editor-paths). On Windows
// an open file can make git's replacement of it (a checkout) fail and ask to retry, so there it is
// closed as soon as the reads overlapping it are done.
const IDLE_MS = process.platform === 'win32' ? 0 : 2000;

interface Held {
  /** The file the handle was opened for (its inode when the index last looked). */
  readonly ino: number;
  readonly handle: Promise<FileHandle>;
  users: number;
  retired: boolean;
  closed: boolean;
  idle?: ReturnType<typeof setTimeout>;
}

/**
 * One open handle on the change log, shared by the reads of questions asked close together, and
 * closed once unused for a moment. It belongs to one file: asked for another inode (the log was
 * replaced), it opens that file, and the old handle closes once the reads still using it are done.
 */
export class HeldLogHandle {
  private held?: Held;

  constructor(
    private readonly path: string,
    private readonly idleMs = IDLE_MS,
    private readonly open: (path: string) => Promise<FileHandle> = (p) => openLogFile(p, 'read'),
  ) {}

  /** Runs `read` with a handle on the log whose inode is `ino`. */
  async use<T>(ino: number, read: (handle: FileHandle) => Promise<T>): Promise<T> {
    let held = this.held;
    if (!held || held.ino !== ino) {
      if (held) this.retire(held);
      const opening = this.open(this.path);
      held = this.held = { ino, handle: opening, users: 0, retired: false, closed: false };
      const mine = held;
      // A failed open is not kept: the next question opens again.
      opening.catch(() => this.held === mine && (this.held = undefined));
    }
    if (held.idle !== undefined) clearTimeout(held.idle);
    held.idle = undefined;
    held.users++;
    let failed = false;
    try {
      return await read(await held.handle);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      held.users--;
      // After a failed read the handle is not trusted again.
      if (failed) this.retire(held);
      else if (held.users === 0 && !held.retired) {
        const idle = held;
        idle.idle = setTimeout(() => this.retire(idle), this.idleMs);
        idle.idle.unref?.();
      }
      if (held.retired) void this.closeUnused(held);
    }
  }

  /** Lets go of the handle: closed now if no read uses it, else once the last one is done. */
  release(): void {
    if (this.held) this.retire(this.held);
  }

  private retire(held: Held): void {
    if (this.held === held) this.held = undefined;
    held.retired = true;
    if (held.idle !== undefined) clearTimeout(held.idle);
    held.idle = undefined;
    void this.closeUnused(held);
  }

  private async closeUnused(held: Held): Promise<void> {
    if (held.users > 0 || held.closed) return;
    held.closed = true;
    await held.handle.then((h) => h.close()).catch(() => undefined);
  }
}
