import { type RunGitOptions, runGit } from '../../core/git/runGit';

/**
 * Why a checklist of `branch` cannot be submitted from the repository as it is now, or undefined
 * when HEAD is still on that branch. The view follows checkouts a moment late: a submit in that
 * moment read the commits and files of whatever HEAD had become (another branch, a rebase's
 * detached HEAD) and wrote them into a record of `branch`.
 */
export async function branchMovedProblem(branch: string, options: RunGitOptions): Promise<string | undefined> {
  const head = (await runGit(['symbolic-ref', '-q', '--short', 'HEAD'], options).catch(() => '')).trim();
  if (head === branch) return undefined;
  const now = head === '' ? 'a detached HEAD (a rebase or a checkout of a commit in progress?)' : `branch ${head}`;
  return `Not saved: this checklist is for branch ${branch}, but the repository is now on ${now}. Nothing was written; check out ${branch} and submit again.`;
}
