import { deployTags } from '../git/deployTags';
import { ChangeTrailError } from '../errors';
import { type Logger, silentLogger } from '../log';
import { matchesBranchGlob } from '../git/branchGlob';
import { runGit } from '../git/runGit';
import type { DeploymentRecord } from '../records/changeRecord';
import { streamGitRecords } from './streamGit';

/** The last commit deployed to one environment, and how we know. */
export interface DeployedHead {
  readonly environment: string;
  /** A deployment record says so, a deploy tag does, or nothing does. */
  readonly source: 'record' | 'tag' | 'none';
  /** The commit as recorded or tagged; the full sha when `known`. */
  readonly commit?: string;
  /** False when this repository lacks the commit: force-pushed away and collected, or not fetched. */
  readonly known: boolean;
  readonly tag?: string;
  readonly recordId?: string;
  /** When the record was made or the tag created, ISO 8601. */
  readonly deployedAt?: string;
}

/** Whether a commit is live in an environment; `live` is undefined when nobody can tell. */
export interface LiveIn {
  readonly environment: string;
  readonly live: boolean | undefined;
  /** Why `live` is undefined, in words for the view. */
  readonly reason?: string;
}

/** Where to look for deployments. */
export interface DeployedHeadsOptions {
  /** Deployment records from the change log; for each environment the newest wins over any tag. */
  readonly deploymentRecords?: readonly DeploymentRecord[];
  /** The team's deployments.tagPattern, such as deploy/{env}/*. */
  readonly tagPattern?: string;
  readonly logger?: Logger;
  /** Git executable; defaults to `git` on PATH. */
  readonly gitPath?: string;
}

/**
 * The last deployed commit of each environment, in the order given: from the newest deployment
 * record of the environment, else the newest tag (by creator date) matching the tag pattern.
 */
export async function deployedHeads(repoRoot: string, environments: readonly string[], options: DeployedHeadsOptions = {}): Promise<DeployedHead[]> {
  const git = { logger: options.logger ?? silentLogger, gitPath: options.gitPath };
  const fromRecords = new Map<string, DeploymentRecord>();
  for (const record of options.deploymentRecords ?? []) {
    const newest = fromRecords.get(record.environment);
    // Equal times: the later line of the append-only log is the later deployment.
    if (!newest || Date.parse(record.createdAt) >= Date.parse(newest.createdAt)) fromRecords.set(record.environment, record);
  }
  const untagged = environments.filter((env) => !fromRecords.has(env));
  const tags = untagged.length > 0 ? await newestTags(repoRoot, untagged, options.tagPattern ?? 'deploy/{env}/*', git) : new Map<string, TagHead>();
  const recorded = [...fromRecords.values()].filter((r) => environments.includes(r.environment));
  const resolved = await resolveCommits(repoRoot, recorded.map((r) => r.commit), git);
  return environments.map((environment): DeployedHead => {
    const record = fromRecords.get(environment);
    if (record) {
      const full = resolved.get(record.commit);
      return { environment, source: 'record', commit: full ?? record.commit, known: full !== undefined, recordId: record.id, deployedAt: record.createdAt };
    }
    const tag = tags.get(environment);
    if (tag) return { environment, source: 'tag', commit: tag.commit, known: true, tag: tag.name, deployedAt: tag.date };
    return { environment, source: 'none', known: false };
  });
}

interface TagHead {
  readonly name: string;
  readonly commit: string;
  readonly date: string;
}

/** How to run git: the logger and executable callers gave. */
interface GitRun {
  readonly logger: Logger;
  readonly gitPath?: string;
}

async function newestTags(repoRoot: string, environments: readonly string[], tagPattern: string, git: GitRun): Promise<Map<string, TagHead>> {
  const globs = environments.map((env) => ({ env, glob: tagPattern.split('{env}').join(env) }));
  // for-each-ref takes a leading directory as a prefix; the glob itself is applied here.
  const dirs = new Set(globs.map(({ glob }) => `refs/tags/${glob.slice(0, glob.search(/[*?[]|$/)).replace(/[^/]*$/, '')}`.replace(/\/$/, '')));
  // Newest first in the one deploy-tag order (lightweight tags by name, not by their commit's date).
  const tags = await deployTags([...dirs], { cwd: repoRoot, ...git }, (name) => globs.find(({ glob }) => matchesBranchGlob(name, glob))?.env);
  const newest = new Map<string, TagHead>();
  for (const tag of tags) {
    for (const { env, glob } of globs) {
      if (!newest.has(env) && matchesBranchGlob(tag.name, glob)) newest.set(env, { name: tag.name, commit: tag.commit, date: new Date(tag.at).toISOString() });
    }
  }
  return newest;
}

/** Full shas of the given commits that this repository holds; absent ones are left out. */
// Names already resolved to a commit, per repository: a commit's name does not change, and every
// hover and File History page asks again for the same few deployed commits.
const resolvedNames = new Map<string, string>();
const RESOLVED_NAMES = 1024;

async function resolveCommits(repoRoot: string, commits: readonly string[], git: GitRun): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const wanted: string[] = [];
  for (const c of commits) {
    if (!/^[0-9a-f]{4,64}$/i.test(c)) continue;
    const known = resolvedNames.get(`${repoRoot}\0${c}`);
    if (known) found.set(c, known);
    else wanted.push(c);
  }
  if (wanted.length === 0) return found;
  let i = 0;
  // One cat-file for all environments; a missing or ambiguous name prints "<name> missing|ambiguous".
  await streamGitRecords(['cat-file', '--batch-check=%(objectname) %(objecttype)'], 0x0a, (line) => {
    const [sha, type] = line.toString('latin1').split(' ');
    if (type === 'commit') {
      found.set(wanted[i], sha);
      if (resolvedNames.size >= RESOLVED_NAMES) resolvedNames.delete(resolvedNames.keys().next().value as string);
      resolvedNames.set(`${repoRoot}\0${wanted[i]}`, sha);
    }
    i++;
  }, { cwd: repoRoot, ...git, stdin: wanted.map((c) => `${c}^{commit}\n`).join('') }).done;
  return found;
}

/** Why liveness cannot be told for a head, or undefined when it can. */
function unknownReason(head: DeployedHead): string | undefined {
  if (head.source === 'none') return `no deployment to ${head.environment} is recorded or tagged`;
  if (!head.known || !head.commit) return `deployed commit ${(head.commit ?? '').slice(0, 7)} not in this repository (force-pushed away, or not fetched)`;
  return undefined;
}

/** Whether `commit` is in the history of one deployed head, with one git call; for many commits use LiveInIndex. */
export async function isLiveIn(repoRoot: string, commit: string, deployedHead: DeployedHead, git: Partial<GitRun> = {}): Promise<LiveIn> {
  const { environment } = deployedHead;
  const reason = unknownReason(deployedHead);
  if (reason) return { environment, live: undefined, reason };
  try {
    await runGit(['merge-base', '--is-ancestor', commit, deployedHead.commit as string], { cwd: repoRoot, ...git });
    return { environment, live: true };
  } catch (error) {
    // Exit 1 means "not an ancestor"; anything else (an unknown commit) is git's complaint.
    if (error instanceof ChangeTrailError && error.detail === '') return { environment, live: false };
    return { environment, live: undefined, reason: `git could not tell: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * Answers "is this commit live there?" for many commits: the ancestors of each deployed head
 * are read once (one rev-list) and kept per head sha, so a whole history page costs one git
 * call per environment, and none once the heads are cached.
 */
export class LiveInIndex {
  private readonly sets = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(
    private readonly logger: Logger = silentLogger,
    private readonly maxHeads = 8,
    private readonly gitPath?: string,
  ) {}

  /** Whether `commit` (a full sha) is an ancestor of, or is, the deployed head. */
  async isLiveIn(repoRoot: string, commit: string, deployedHead: DeployedHead): Promise<LiveIn> {
    const { environment } = deployedHead;
    const reason = unknownReason(deployedHead);
    if (reason) return { environment, live: undefined, reason };
    if (!FULL_SHA.test(commit)) return isLiveIn(repoRoot, commit, deployedHead, { logger: this.logger, gitPath: this.gitPath });
    const ancestors = await this.ancestors(repoRoot, deployedHead.commit as string);
    return { environment, live: ancestors.has(commit) };
  }

  /** One commit against every environment, in the heads' order. */
  liveIn(repoRoot: string, commit: string, heads: readonly DeployedHead[]): Promise<LiveIn[]> {
    return Promise.all(heads.map((head) => this.isLiveIn(repoRoot, commit, head)));
  }

  /** A page of commits against every environment: commit sha -> answers in the heads' order. */
  async liveInAll(repoRoot: string, commits: readonly string[], heads: readonly DeployedHead[]): Promise<Map<string, LiveIn[]>> {
    const answers = new Map<string, LiveIn[]>(commits.map((sha) => [sha, []]));
    for (const head of heads) {
      const { environment } = head;
      const reason = unknownReason(head);
      const ancestors = reason ? undefined : await this.ancestors(repoRoot, head.commit as string);
      for (const sha of commits) {
        const answer: LiveIn = reason
          ? { environment, live: undefined, reason }
          : FULL_SHA.test(sha)
            ? { environment, live: (ancestors as ReadonlySet<string>).has(sha) }
            : await isLiveIn(repoRoot, sha, head, { logger: this.logger, gitPath: this.gitPath });
        answers.get(sha)?.push(answer);
      }
    }
    return answers;
  }

  private ancestors(repoRoot: string, head: string): Promise<ReadonlySet<string>> {
    const key = `${repoRoot}\0${head}`;
    const cached = this.sets.get(key);
    if (cached) {
      this.sets.delete(key);
      this.sets.set(key, cached);
      return cached;
    }
    const set = new Set<string>();
    const reading = streamGitRecords(['rev-list', head], 0x0a, (line) => void set.add(line.toString('latin1')), { cwd: repoRoot, logger: this.logger, gitPath: this.gitPath })
      .done.then(() => set as ReadonlySet<string>);
    reading.catch(() => this.sets.delete(key));
    this.sets.set(key, reading);
    while (this.sets.size > this.maxHeads) this.sets.delete(this.sets.keys().next().value as string);
    return reading;
  }
}
