import { matchesBranchGlob } from '../branchGlob';
import { type LoggedCommit, commitsInRange } from '../commitLog';
import { type RunGitOptions, runGit } from '../runGit';

const ZERO = /^0+$/;

/** Where a push goes: the remote (its name, or the URL pushed to) and the branch, and the team's protected branches. */
export interface PushTarget {
  readonly remote: string;
  readonly branch: string;
  readonly protected: readonly string[];
}

/**
 * The revisions a push of `localSha` to `target` must check: what is on no protected branch of
 * any remote yet (so a new remote, an empty one or a push by URL never re-checks shared history),
 * nor on the target branch itself (its remote-tracking ref, or `remoteSha` when git knows that
 * commit). A commit pushed first to an unprotected branch, which nothing checked, is not exempt.
 */
export async function pushRevisions(localSha: string, remoteSha: string, target: PushTarget, options: RunGitOptions): Promise<string[]> {
  const revisions = [localSha, '--not', ...(await checkedRemoteRefs(target, options))];
  if (remoteSha && !ZERO.test(remoteSha) && (await isCommit(remoteSha, options))) revisions.push(remoteSha);
  return revisions;
}

/** Remote-tracking refs whose commits a push checked already: protected branches of every remote, and the target's own. */
async function checkedRemoteRefs(target: PushTarget, options: RunGitOptions): Promise<string[]> {
  const [remoteList, refList] = await Promise.all([
    runGit(['remote'], options),
    runGit(['for-each-ref', '--format=%(refname)', 'refs/remotes/'], options),
  ]);
  // Longest first: a remote may be named like a prefix of another ("up" and "up/stream").
  const remotes = remoteList.split('\n').filter(Boolean).sort((a, b) => b.length - a.length);
  const refs: string[] = [];
  for (const ref of refList.split('\n').filter(Boolean)) {
    const rest = ref.slice('refs/remotes/'.length);
    const remote = remotes.find((r) => rest.startsWith(`${r}/`));
    if (!remote) continue;
    const branch = rest.slice(remote.length + 1);
    if (branch === 'HEAD') continue;
    if ((remote === target.remote && branch === target.branch) || target.protected.some((glob) => matchesBranchGlob(branch, glob))) refs.push(ref);
  }
  return refs;
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
