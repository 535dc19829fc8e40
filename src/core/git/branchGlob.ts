/** Whether `branch` matches a glob such as `release/*` (`*` matches anything, `?` one character). */
export function matchesBranchGlob(branch: string, glob: string): boolean {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(branch);
}
