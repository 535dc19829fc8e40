import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChangeTrailError } from '../../errors';

/** The lock of a repository's hooks, in its common git dir: one install or uninstall at a time. */
export const HOOKS_LOCK = 'changetrail-hooks.lock';

const WAIT_MS = 30_000;

/** Whether the process that took a lock is gone (its lock is left over from a crash or a kill). */
function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
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
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(join(lock, 'pid'), 'utf8').catch(() => '')).trim());
    if (owner > 0 && owner !== process.pid && isGone(owner)) {
      await rm(lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > WAIT_MS) {
      throw new ChangeTrailError('HooksBusy', `another ChangeTrail hooks install or uninstall is running in this repository (${lock}${owner > 0 ? `, process ${owner}` : ''}); try again when it is done, or delete ${lock} if no such process runs`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  try {
    await writeFile(join(lock, 'pid'), `${process.pid}\n`);
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
