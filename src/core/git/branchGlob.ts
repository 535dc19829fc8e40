import { compileTeamPattern } from '../config/teamPattern';

/** Whether `branch` matches a glob such as `release/*` (`*` matches anything, `?` one character). */
export function matchesBranchGlob(branch: string, glob: string): boolean {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  // Globs come from the team config: `*a*a*a*b` would backtrack polynomially in RegExp; RE2 is linear.
  return compileTeamPattern(`^${source}$`).test(branch);
}
