import { type LoggedCommit, commitsInRange } from '../commitLog';
import { type RunGitOptions, runGit } from '../runGit';

const ZERO = /^0+$/;

/**
 * The revisions a push of `localSha` must check: what no remote-tracking ref has yet (of any
 * remote, so a new remote, an empty one or a push by URL never re-checks shared history), and
 * not what the remote already has at `remoteSha` when git knows that commit.
 */
export async function pushRevisions(localSha: string, remoteSha: string, options: RunGitOptions): Promise<string[]> {
  const revisions = [localSha, '--not', '--remotes'];
  if (remoteSha && !ZERO.test(remoteSha) && (await isCommit(remoteSha, options))) revisions.push(remoteSha);
  return revisions;
}

/** The outcome of applying `enforcement.since` to a range. */
export interface PolicyCommits {
  readonly commits: LoggedCommit[];
  /** Set when `since` names no commit git knows: nothing was exempted, and this says why. */
  readonly warning?: string;
}

/**
 * The commits of `revisions` the ticket policy applies to: with `since` a commit, not it nor its
 * ancestors; with `since` a date, only commits committed after it.
 */
export async function commitsUnderPolicy(revisions: readonly string[], since: string | undefined, options: RunGitOptions): Promise<PolicyCommits> {
  if (!since) return { commits: await commitsInRange(revisions, options) };
  if (/^[0-9a-f]{7,40}$/i.test(since)) {
    if (!(await isCommit(since, options))) {
      const commits = await commitsInRange(revisions, options);
      return { commits, warning: `enforcement.since names commit ${since}, which this repository does not have (shallow clone?); every commit was checked.` };
    }
    // Excludes it and its ancestors: after an odd number of --not, git reads a bare sha as ^sha.
    const negated = revisions.filter((r) => r === '--not').length % 2 === 1;
    return { commits: await commitsInRange([...revisions, negated ? since : `^${since}`], options) };
  }
  const commits = await commitsInRange(revisions, options);
  const after = new Set((await runGit(['rev-list', `--since=${since}`, ...revisions, '--'], options)).split('\n').filter(Boolean));
  return { commits: commits.filter((c) => after.has(c.sha)) };
}

async function isCommit(sha: string, options: RunGitOptions): Promise<boolean> {
  return runGit(['rev-parse', '--verify', '--quiet', `${sha}^{commit}`], options).then(() => true, () => false);
}
