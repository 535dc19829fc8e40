import { type RunGitOptions, runGit } from '../git/runGit';

/**
 * In a repository with no commits, git cannot read any range, so git's refusal says nothing about
 * the range given. HEAD (unborn: the branch to come) names nothing yet, so a range of HEAD alone
 * (`HEAD`, `HEAD..HEAD`, `HEAD^!`, `HEAD --not --remotes`) is empty: nothing to check. Any other
 * name (`main`, `origin/main`, a sha, a typo) names a commit this repository does not have: a bad
 * range. Returns the first such name, or undefined when the range names only HEAD.
 */
export function namedInEmptyRepository(revisions: readonly string[], unbornBranch?: string): string | undefined {
  // The branch HEAD points to (unborn too) is HEAD by another name: `check main` on a fresh main.
  const isHead = (name: string) => isHeadOrAncestor(name) || (unbornBranch !== undefined && [unbornBranch, `refs/heads/${unbornBranch}`].some((b) => name.startsWith(b) && ancestrySuffix(name.slice(b.length))));
  for (const revision of revisions) {
    // Options check accepts (--not, --all, --remotes, --branches) name no one commit.
    if (revision.startsWith('-')) continue;
    const ends = revision.includes('...') ? revision.split('...') : revision.split('..');
    for (const end of ends) {
      const name = end.startsWith('^') ? end.slice(1) : end;
      if (name !== '' && !isHead(name)) return name;
    }
  }
  return undefined;
}

/** `HEAD` or `@`, alone or with ancestry suffixes (`~2`, `^`, `^!`, `^@`): linear, no pattern. */
function isHeadOrAncestor(name: string): boolean {
  const base = name.startsWith('HEAD') ? 4 : name.startsWith('@') ? 1 : 0;
  return base > 0 && ancestrySuffix(name.slice(base));
}

/** '' or an ancestry suffix (`~2`, `^`, `^!`, `^@`, `^-`): starts with ~ or ^, then only those marks and digits. */
function ancestrySuffix(rest: string): boolean {
  if (rest === '') return true;
  if (rest[0] !== '~' && rest[0] !== '^') return false;
  for (let i = 1; i < rest.length; i++) if (!'~^!@-0123456789'.includes(rest[i])) return false;
  return true;
}

/** The branch HEAD points to (unborn in an empty repository), or undefined on a detached HEAD. */
export async function unbornBranch(git: RunGitOptions): Promise<string | undefined> {
  return (await runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], git).catch(() => '')).trim() || undefined;
}
