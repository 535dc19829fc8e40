import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChangeTrailError } from '../../errors';

/** The lock of a repository's hooks, in its common git dir: one install or uninstall at a time. */
export const HOOKS_LOCK = 'changetrail-hooks.lock';

const WAIT_MS = 30_000;
/** A takeover guard older than this was left by a process killed within its few steps. */
const GUARD_STALE_MS = 10_000;

/** Whether the process that took a lock is gone (its lock is left over from a crash or a kill). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Creates the lock with this process's pid already in it: written aside, then linked into place,
 * which fails when a lock exists. So a lock is never seen without its owner. Where the file
 * system has no hard links, an exclusive create (an owner unknown for an instant: waited for).
 */
async function create(lock: string): Promise<boolean> {
  const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(aside, `${process.pid}\n`);
  try {
    await link(aside, lock);
    return true;
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    if (!['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP'].includes(code(error) ?? '')) throw error;
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return true;
    } catch (again) {
      if (code(again) === 'EEXIST' || code(again) === 'EISDIR') return false;
      throw again;
    }
  } finally {
    await rm(aside, { force: true });
  }
}

/** The pid in a lock (a file; a folder with a `pid` file from earlier versions); 0 when unknown. */
async function ownerOf(lock: string): Promise<number> {
  const text = await readFile(lock, 'utf8').catch((error: unknown) => (code(error) === 'EISDIR' ? readFile(join(lock, 'pid'), 'utf8').catch(() => '') : ''));
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : 0;
}

/**
 * Takes over the lock of `dead`, a process that is gone. Under a second, short lock, so two waiters
 * that both saw the dead owner cannot both take over (the later one removing the earlier one's live
 * lock): inside it the owner is read again and the lock removed only when it is still `dead`'s.
 */
async function takeOver(lock: string, dead: number): Promise<boolean> {
  const guard = `${lock}.takeover`;
  try {
    await mkdir(guard);
  } catch (error) {
    if (code(error) !== 'EEXIST') throw error;
    const age = await stat(guard).then((st) => Date.now() - st.mtimeMs, () => 0);
    // Dated in the future (clock skew, a network file system) is as stale as dated long ago.
    if (Math.abs(age) > GUARD_STALE_MS) await rm(guard, { recursive: true, force: true });
    return false;
  }
  try {
    if ((await ownerOf(lock)) !== dead) return false;
    await rm(lock, { recursive: true, force: true });
    return await create(lock);
  } finally {
    await rm(guard, { recursive: true, force: true });
  }
}

/**
 * Runs `work` while holding the hooks lock of the repository whose common git dir is `commonDir`.
 * Two installs at once (the editor's offer and `npm prepare`, or `npm install` in two worktrees)
 * each read the hooks directory and then rename and write in it: without the lock one of them kept
 * the other's fresh ChangeTrail hook as the "hook that was there before", and that hook then ran
 * itself until the machine could not fork. A lock whose process is gone is taken over.
 */
export async function withHooksLock<T>(commonDir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(commonDir, HOOKS_LOCK);
  const started = Date.now();
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    if (await create(lock)) break;
    const owner = await ownerOf(lock);
    // A failed take-over (another waiter holds the guard) waits and counts toward the deadline like
    // any other turn: it once looped without either (10 s of busy work on a left guard, for ever on
    // a guard dated in the future).
    if (owner > 0 && owner !== process.pid && isGone(owner) && (await takeOver(lock, owner))) break;
    if (Date.now() - started > WAIT_MS) {
      throw new ChangeTrailError('HooksBusy', `another ChangeTrail hooks install or uninstall is running in this repository (${lock}${owner > 0 ? `, process ${owner}` : ''}); try again when it is done, or delete ${lock} if no such process runs`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
