import { type RunGitOptions, runGit } from '../git/runGit';
import { sinceTextSeconds } from '../time/sinceText';

/**
 * `enforcement.since` as one rule for every checker (README "Adopting on an old repository"):
 * a commit (7-40 hex digits) exempts itself and its ancestors; a date exempts commits whose
 * committer date is before it. A date without a time is midnight UTC, and a time without a zone
 * is UTC, so the answer never depends on the machine's zone or the time of day. A commit this
 * repository does not have (a shallow clone) exempts nothing, and says so.
 */
export type SinceRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'commit'; readonly since: string; readonly sha: string }
  | { readonly kind: 'date'; readonly since: string; readonly seconds: number }
  | { readonly kind: 'missing'; readonly since: string; readonly warning: string };

const COMMIT = /^[0-9a-f]{7,40}$/i;

/** The instant a `since` date names, in seconds since the epoch (zone-free), or undefined. */
export function sinceSeconds(since: string): number | undefined {
  return sinceTextSeconds(since);
}

/** Reads `enforcement.since` against the repository. */
export async function sinceRule(since: string | undefined, git: RunGitOptions): Promise<SinceRule> {
  if (!since) return { kind: 'none' };
  if (COMMIT.test(since)) {
    const sha = (await runGit(['rev-parse', '--verify', '--quiet', `${since}^{commit}`], git).catch(() => '')).trim();
    if (sha) return { kind: 'commit', since, sha };
    return { kind: 'missing', since, warning: `enforcement.since names commit ${since}, which this repository does not have (shallow clone?); every commit was checked.` };
  }
  const seconds = sinceSeconds(since);
  if (seconds === undefined) return { kind: 'missing', since, warning: `enforcement.since "${since}" is neither a commit nor a date; every commit was checked.` };
  return { kind: 'date', since, seconds };
}

/** `revisions` without the `since` commit and its ancestors (after an odd number of --not, git reads a bare sha as ^sha). */
export function withoutSinceCommit(revisions: readonly string[], sha: string): string[] {
  const negated = revisions.filter((r) => r === '--not').length % 2 === 1;
  return [...revisions, negated ? sha : `^${sha}`];
}

/** The commits of `revisions` committed at or after `seconds` (git's --since-as-filter: no early stop on skewed dates). */
export async function commitsFrom(revisions: readonly string[], seconds: number, git: RunGitOptions): Promise<Set<string>> {
  const out = await runGit(['rev-list', `--since-as-filter=@${seconds} +0000`, ...revisions, '--'], git);
  return new Set(out.split('\n').filter(Boolean));
}

/** How many commits `revisions` has. */
export async function countCommits(revisions: readonly string[], git: RunGitOptions): Promise<number> {
  return Number((await runGit(['rev-list', '--count', ...revisions, '--'], git)).trim());
}
