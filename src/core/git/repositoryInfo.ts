import { plainGit } from './plainGit';
import type { RunGitOptions } from './runGit';

/** The top folder of the repository that contains `cwd`. */
export async function repositoryRoot(options: RunGitOptions): Promise<string> {
  return (await plainGit(['rev-parse', '--show-toplevel'], options, (git) => git.revparse(['--show-toplevel']))).trim();
}

/** The checked-out branch, or undefined on a detached HEAD. */
export async function currentBranch(options: RunGitOptions): Promise<string | undefined> {
  // symbolic-ref rather than `branch --show-current` or rev-parse: it names an unborn branch too.
  try {
    return (await plainGit(['symbolic-ref', '--short', 'HEAD'], options, (git) => git.raw(['symbolic-ref', '--quiet', '--short', 'HEAD']))).trim() || undefined;
  } catch {
    return undefined;
  }
}
