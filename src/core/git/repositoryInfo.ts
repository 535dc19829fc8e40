import { plainGit } from './plainGit';
import { type RunGitOptions, runGit } from './runGit';

/** The top folder of the repository that contains `cwd`. */
export async function repositoryRoot(options: RunGitOptions): Promise<string> {
  return (await plainGit(['rev-parse', '--show-toplevel'], options, (git) => git.revparse(['--show-toplevel']))).trim();
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
