import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { plainGit } from './plainGit';
import { type RunGitOptions, runGit } from './runGit';

/** The top folder of the repository that contains `cwd`. */
export async function repositoryRoot(options: RunGitOptions): Promise<string> {
  return (await plainGit(['rev-parse', '--show-toplevel'], options, (git) => git.revparse(['--show-toplevel']))).trim();
}

/**
 * The top folder of the repository holding `dir`, or undefined when it is in none. No git runs when
 * no folder from `dir` up holds a `.git` (and GIT_DIR does not name one): git would find none
 * either. Otherwise on the streaming runner, which leaves no timer for a short process to wait on.
 */
export async function repositoryRootOf(dir: string, options: Omit<RunGitOptions, 'cwd'> = {}): Promise<string | undefined> {
  if (!process.env.GIT_DIR) {
    let at = dir;
    while (!existsSync(join(at, '.git'))) {
      const up = dirname(at);
      if (up === at) return undefined;
      at = up;
    }
  }
  return (await runGit(['rev-parse', '--show-toplevel'], { ...options, cwd: dir }).catch(() => '')).trim() || undefined;
}

/**
 * The checked-out branch, or undefined on a detached HEAD. On the runner, not simple-git: the hooks
 * ask on their slow path, and simple-git keeps a 50 ms timer alive after each call, which a
 * short-lived process then waits for before it can exit.
 */
export async function currentBranch(options: RunGitOptions): Promise<string | undefined> {
  // symbolic-ref rather than `branch --show-current` or rev-parse: it names an unborn branch too.
  try {
    return (await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], options)).trim() || undefined;
  } catch {
    return undefined;
  }
}
