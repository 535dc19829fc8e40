/**
 * In a repository with no commits, git cannot read any range, so git's refusal says nothing about
 * the range given. HEAD (unborn: the branch to come) names nothing yet, so a range of HEAD alone
 * (`HEAD`, `HEAD..HEAD`, `HEAD^!`, `HEAD --not --remotes`) is empty: nothing to check. Any other
 * name (`main`, `origin/main`, a sha, a typo) names a commit this repository does not have: a bad
 * range. Returns the first such name, or undefined when the range names only HEAD.
 */
export function namedInEmptyRepository(revisions: readonly string[]): string | undefined {
  for (const revision of revisions) {
    // Options check accepts (--not, --all, --remotes, --branches) name no one commit.
    if (revision.startsWith('-')) continue;
    const ends = revision.includes('...') ? revision.split('...') : revision.split('..');
    for (const end of ends) {
      const name = end.startsWith('^') ? end.slice(1) : end;
      if (name !== '' && !isHeadOrAncestor(name)) return name;
    }
  }
  return undefined;
}

/** `HEAD` or `@`, alone or with ancestry suffixes (`~2`, `^`, `^!`, `^@`): linear, no pattern. */
function isHeadOrAncestor(name: string): boolean {
  const base = name.startsWith('HEAD') ? 4 : name.startsWith('@') ? 1 : 0;
  if (base === 0) return false;
  for (let i = base; i < name.length; i++) if (!'~^!@-0123456789'.includes(name[i])) return false;
  return true;
}
