import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// Where a change log's saved index lives (indexSidecar.ts holds what is in it).

/** Where the index of the log at `logPath` is kept: in the git directory of the repository holding it; undefined outside one. */
export function sidecarPathFor(logPath: string): string | undefined {
  const log = resolve(logPath);
  const gitDir = gitDirAbove(dirname(log));
  if (!gitDir) return undefined;
  const name = createHash('sha256').update(log).digest('hex').slice(0, 16);
  return join(gitDir, 'changetrail', 'index', `${name}.idx`);
}

function gitDirAbove(start: string): string | undefined {
  for (let dir = start; ; ) {
    const candidate = join(dir, '.git');
    try {
      const info = statSync(candidate);
      if (info.isDirectory()) return candidate;
      if (info.isFile()) {
        // A worktree or submodule: ".git" is a file naming the git directory.
        const named = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(candidate, 'utf8'))?.[1];
        return named ? resolve(dir, named) : undefined;
      }
    } catch {
      // not here; look further up
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The lock file that serialises updates of the incidents of the log at `logPath` on this machine:
 * in the git directory (never committed) when the log is in a repository, else beside the log.
 */
export function incidentLockPathFor(logPath: string): string {
  const log = resolve(logPath);
  const gitDir = gitDirAbove(dirname(log));
  const name = createHash('sha256').update(log).digest('hex').slice(0, 16);
  return gitDir ? join(gitDir, 'changetrail', `incidents-${name}.lock`) : `${log}.incidents.lock`;
}
