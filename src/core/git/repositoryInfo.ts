import { type RunGitOptions, runGit } from './runGit';

/** The top folder of the repository that contains `cwd`. */
export async function repositoryRoot(options: RunGitOptions): Promise<string> {
  return (await runGit(['rev-parse', '--show-toplevel'], options)).trim();
}

/** The checked-out branch, or undefined on a detached HEAD. */
export async function currentBranch(options: RunGitOptions): Promise<string | undefined> {
  try {
    return (await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], options)).trim() || undefined;
  } catch {
    return undefined;
  }
}
