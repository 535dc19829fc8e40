import { ChangeTrailError } from '../errors';
import { isShallowRepository } from '../git/rangeCompleteness';
import { deployTags } from '../git/deployTags';
import { type RunGitOptions, runGit } from '../git/runGit';
import type { Logger } from '../log';
import type { DeploymentRecord, LogEntry } from '../records/changeRecord';
import { isoMs, orderableTime } from '../records/index/entryKeys';
import type { TicketSyntax } from '../tickets/ticketRefs';
import { type RangeCommit, countCommits, rangeCommits } from './rangeLog';

export type { RangeCommit } from './rangeLog';

/** Where the start of a range came from. */
export type RangeBasis = 'record' | 'tag' | 'since' | 'fallback' | 'none';

/** What went out with a deployment: the commits between the last one to the environment and `to`. */
export interface DeploymentRange {
  readonly environment: string;
  /** Full sha the range starts after (exclusive); absent on a first deployment or an unknown range. */
  readonly from?: string;
  /** The commit live before this deployment, by records or tags; may differ from `from` (see problem). */
  readonly previous?: string;
  /** Whether `previous` is missing from this repository (force push, shallow clone). */
  readonly previousMissing?: boolean;
  readonly basis: RangeBasis;
  /** Where `from` came from, in words, e.g. "tag deploy/production/2025-03-10". */
  readonly basisLabel?: string;
  /** Full sha being deployed. */
  readonly to: string;
  /** Newest first, at most `limit`; merged branches' commits included. */
  readonly commits: readonly RangeCommit[];
  readonly totalCommits: number;
  readonly truncated: boolean;
  /** Commits live now that this deployment takes away (a rollback, or history rewritten since). */
  readonly removed: readonly RangeCommit[];
  readonly firstDeploy: boolean;
  /** Something a person must know about the range: a force-pushed deployed commit, an unknown start. */
  readonly problem?: string;
}

/** Where deploymentRange looks for the last deployment, and how much it lists. */
export interface DeploymentRangeOptions {
  /** The change log's entries; its deployment records say what is live where. */
  readonly entries?: readonly LogEntry[];
  /** `deployments.tagPattern`, e.g. `deploy/{env}/*`: tags that mark deployments when no record does. */
  readonly tagPattern?: string;
  /** Start the range here instead of at the last deployment (`--since`). */
  readonly since?: string;
  /** Most commits listed (default 200). */
  readonly limit?: number;
  readonly ticketSyntax?: TicketSyntax;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  /**
   * Called with a range's commits as soon as git has listed them, while it may still be counting
   * them, so a caller can look up their records meanwhile. A range given up for an earlier
   * deployment's (a lost commit) is reported too: the returned range's `commits` is the same
   * array as the last one reported.
   */
  readonly onCommits?: (commits: readonly RangeCommit[]) => void;
}

interface Candidate {
  readonly sha: string;
  readonly basis: 'record' | 'tag';
  readonly label: string;
}

const DEFAULT_LIMIT = 200;
const short = (sha: string) => sha.slice(0, 7);

/**
 * The commits a deployment of `ref` to `environment` carries: from the newest deployment record
 * of that environment (else the newest tag matching tagPattern) to `ref`. Handles a first
 * deployment (everything reachable, capped), merges, an empty range, a rollback to an older
 * commit, and a deployed commit lost to a force push (a `problem`, never a throw). Throws
 * BadRange only when `ref` or `since` name no commit.
 */
export async function deploymentRange(repoRoot: string, environment: string, ref = 'HEAD', options: DeploymentRangeOptions = {}): Promise<DeploymentRange> {
  const git: RunGitOptions = { cwd: repoRoot, logger: options.logger, signal: options.signal };
  const ctx: Context = { git, environment, limit: Math.max(1, options.limit ?? DEFAULT_LIMIT), syntax: options.ticketSyntax ?? { projects: [], patterns: [] }, onCommits: options.onCommits };
  const to = await resolveCommit(ref, git);
  if (!to) throw new ChangeTrailError('BadRange', `"${ref}" is not a commit in this repository`);
  if (options.since !== undefined) {
    const since = await resolveCommit(options.since, git);
    if (!since) throw new ChangeTrailError('BadRange', `--since "${options.since}" is not a commit in this repository (fetch it, or check the spelling)`);
    return fromBase(ctx, to, since, { basis: 'since', label: options.since, previous: since });
  }
  const candidates = [...recordCandidates(options.entries ?? [], environment), ...(await tagCandidates(environment, options.tagPattern, git))];
  if (candidates.length === 0) {
    const shallow = await isShallowRepository(git);
    const hint = shallow ? ' This is a shallow clone: older deployments and tags may simply not be fetched (fetch-depth: 0 and fetching tags fixes that).' : '';
    return { ...(await everything(ctx, to)), basis: 'none', firstDeploy: true, ...(hint ? { problem: `No earlier deployment to ${environment} was found.${hint}` } : {}) };
  }
  const [newest, ...older] = candidates;
  const found = await resolveCommit(newest.sha, git);
  if (found === to) {
    // Right after a deployment of `to` the note describes that deployment: rolling back means the
    // deployment before it, not redeploying the commit that is live now.
    for (const candidate of older) {
      const sha: string | undefined = candidate.sha === to ? undefined : await resolveCommit(candidate.sha, git);
      if (sha && sha !== to) return { ...(await fromBase(ctx, to, found, { basis: newest.basis, label: newest.label, previous: found })), previous: sha };
    }
  }
  if (found) return fromBase(ctx, to, found, { basis: newest.basis, label: newest.label, previous: found });
  const why = (await isShallowRepository(git))
    ? 'it is not in this shallow clone (fetch the full history: git fetch --unshallow, or fetch-depth: 0 in CI)'
    : 'it is no longer in this repository, probably removed by a force push';
  const lost = `The commit live on ${environment} (${short(newest.sha)}, ${newest.label}) cannot be found: ${why}.`;
  const missing = { previous: newest.sha, previousMissing: true };
  for (const candidate of older) {
    const sha = await resolveCommit(candidate.sha, git);
    if (!sha) continue;
    const range = await fromBase(ctx, to, sha, { basis: 'fallback', label: candidate.label, previous: sha });
    if (range.basis === 'none') continue;
    return { ...range, ...missing, problem: `${lost} Listing the changes since an earlier deployment (${candidate.label}) instead, so some of them may already be live.${range.problem ? ` ${range.problem}` : ''}` };
  }
  return {
    ...(await everything(ctx, to)),
    ...missing,
    basis: 'none',
    firstDeploy: false,
    problem: `${lost} The range is unknown: listing the newest commits, some of which are already live. Pass --since <commit> to say where the last deployment was.`,
  };
}

interface Context {
  readonly git: RunGitOptions;
  readonly environment: string;
  readonly limit: number;
  readonly syntax: TicketSyntax;
  readonly onCommits?: (commits: readonly RangeCommit[]) => void;
}

/** The commits of a range (what the note lists), reported to onCommits once git has listed them. */
function listed(ctx: Context, revisions: readonly string[]): Promise<RangeCommit[]> {
  return rangeCommits(revisions, ctx.limit, ctx.syntax, ctx.git).then((commits) => {
    ctx.onCommits?.(commits);
    return commits;
  });
}

/** Every deployment record of the environment, newest first. */
function recordCandidates(entries: readonly LogEntry[], environment: string): Candidate[] {
  const env = environment.trim().toLowerCase();
  return entries
    .filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.environment.trim().toLowerCase() === env)
    // By the instant createdAt names, not its characters: a record another tool wrote with
    // "+02:00" is not newer than a later one in "Z". Ids (ULIDs) break ties in creation order.
    .map((r) => ({ r, t: orderableTime(isoMs(r.createdAt)) }))
    .sort((a, b) => (a.t === b.t ? (a.r.id < b.r.id ? 1 : a.r.id > b.r.id ? -1 : 0) : b.t - a.t))
    .map(({ r }) => r)
    .map((r) => ({ sha: r.commit, basis: 'record' as const, label: `deployment record ${r.id} of ${r.createdAt.slice(0, 10)} by ${r.by.name}` }));
}

/** Tags matching the pattern for the environment, newest first, in the one deploy-tag order (deployTags). */
async function tagCandidates(environment: string, pattern: string | undefined, git: RunGitOptions): Promise<Candidate[]> {
  if (!pattern?.includes('{env}')) return [];
  // Glob characters in an environment name are meant literally.
  const glob = pattern.split('{env}').join(environment.replace(/[*?[\]\\]/g, (c) => `\\${c}`));
  return (await deployTags([`refs/tags/${glob}`], git)).map((t) => ({ sha: t.commit, basis: 'tag' as const, label: `tag ${t.name}` }));
}

async function fromBase(ctx: Context, to: string, from: string, basis: { basis: RangeBasis; label: string; previous: string }): Promise<DeploymentRange> {
  const { git, environment, limit, syntax } = ctx;
  const common = { environment, from, previous: basis.previous, basis: basis.basis, basisLabel: basis.label, to, firstDeploy: false };
  if (from === to) return { ...common, commits: [], totalCommits: 0, truncated: false, removed: [] };
  if (await isAncestor(from, to, git)) {
    const [commits, totalCommits] = await Promise.all([listed(ctx, [`${from}..${to}`]), countCommits([`${from}..${to}`], git)]);
    return { ...common, commits, totalCommits, truncated: totalCommits > commits.length, removed: [] };
  }
  if (await isAncestor(to, from, git)) {
    const removed = await rangeCommits([`${to}..${from}`], limit, syntax, git);
    return {
      ...common,
      commits: [],
      totalCommits: 0,
      truncated: false,
      removed,
      problem: `This deploys an older commit than the one live on ${environment} (${short(from)}): it takes ${removed.length === limit ? `at least ${limit}` : removed.length} commit${removed.length === 1 ? '' : 's'} back out.`,
    };
  }
  const base = await mergeBase(from, to, git);
  if (!base) {
    return { ...(await everything(ctx, to)), basis: 'none', previous: basis.previous, firstDeploy: false, problem: `The commit live on ${environment} (${short(from)}, ${basis.label}) shares no history with ${short(to)}: listing the newest commits, some of which may already be live.` };
  }
  const [commits, totalCommits, removed] = await Promise.all([
    listed(ctx, [`${from}..${to}`]),
    countCommits([`${from}..${to}`], git),
    rangeCommits([`${to}..${from}`], limit, syntax, git),
  ]);
  return {
    ...common,
    commits,
    totalCommits,
    truncated: totalCommits > commits.length,
    removed,
    problem: `The commit live on ${environment} (${short(from)}, ${basis.label}) is not in the history of ${short(to)}: history was rewritten after it was deployed (a force push?). Listing the changes since their common ancestor ${short(base)}; ${removed.length} deployed commit${removed.length === 1 ? ' is' : 's are'} not in this version.`,
  };
}

/** Everything reachable from `to`, capped: a first deployment, or a range nobody can tell. */
async function everything(ctx: Context, to: string): Promise<Omit<DeploymentRange, 'basis' | 'firstDeploy'>> {
  const [commits, totalCommits] = await Promise.all([listed(ctx, [to]), countCommits([to], ctx.git)]);
  return { environment: ctx.environment, to, commits, totalCommits, truncated: totalCommits > commits.length, removed: [] };
}

/** The full sha of a commit, or undefined when the object is missing (`git cat-file -e` fails). */
async function resolveCommit(ref: string, git: RunGitOptions): Promise<string | undefined> {
  // A ref starting with "-" would be read as an option.
  if (ref.startsWith('-') || ref.trim() === '') return undefined;
  try {
    await runGit(['cat-file', '-e', `${ref}^{commit}`], git);
    return (await runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], git)).trim() || undefined;
  } catch {
    return undefined;
  }
}

async function isAncestor(ancestor: string, of: string, git: RunGitOptions): Promise<boolean> {
  return runGit(['merge-base', '--is-ancestor', ancestor, of], git).then(() => true, () => false);
}

async function mergeBase(a: string, b: string, git: RunGitOptions): Promise<string | undefined> {
  return runGit(['merge-base', a, b], git).then((out) => out.trim() || undefined, () => undefined);
}


