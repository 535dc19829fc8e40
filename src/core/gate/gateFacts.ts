import { localTimeZone } from '../checklist/zonedTime';
import { freezeAt } from '../checklist/freezeWindow';
import type { TeamConfig } from '../config/teamConfigSchema';
import { sinceSeconds } from '../check/enforcementSince';
import { runGit } from '../git/runGit';
import type { Logger } from '../log';
import { deploymentRange } from '../notes/deploymentRange';
import type { ChangeRecord, DeploymentRecord } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';
import { deploymentCandidates } from '../records/index/indexAnswers';
import type { GateCommit, GateFacts } from './gateRules';

/** Why the gate cannot tell: the exit code 2 cases, each with how to fix it. */
export class GateCannotTell extends Error {
  constructor(message: string, readonly fix: string) {
    super(message);
    this.name = 'GateCannotTell';
  }
}

export interface GateRange {
  readonly from?: string;
  readonly to: string;
  readonly basisLabel?: string;
  readonly firstDeploy: boolean;
}

const FIELD = '\x01';

/**
 * Gathers what the gate rules look at for a deployment of `ref` to `environment`: the commits
 * since the last deployment there (records, else tags), their files, the change records naming
 * them, the commits never deployed to the environments before it, and the freeze window at `now`.
 * Throws GateCannotTell for a shallow clone, an unknown ref or a deployed commit that is gone.
 * The log is asked through its index, never read whole: the gate runs before every deployment.
 */
export async function gateFacts(
  root: string,
  options: { environment: string; ref: string; config: TeamConfig; index: ChangeLogIndex; now: Date; overrideReason?: string; logger?: Logger },
): Promise<{ facts: GateFacts; range: GateRange }> {
  const git = { cwd: root, logger: options.logger };
  // A misspelt environment matches no freeze, no promotion order and no deployment: every rule
  // would pass. The gate cannot tell for an environment the team config does not name.
  const named = options.config.environments;
  if (!named.some((e) => e.trim().toLowerCase() === options.environment.trim().toLowerCase())) {
    throw new GateCannotTell(`"${options.environment}" is not one of the configured environments (${named.join(', ') || 'none'})`, 'pass --env one of them, or add it to environments in .changetrail/config.json');
  }
  const shallow = (await runGit(['rev-parse', '--is-shallow-repository'], git)).trim() === 'true';
  if (shallow) throw new GateCannotTell('this is a shallow clone: the commits since the last deployment cannot be known', 'fetch the whole history: fetch-depth: 0 (GitHub Actions), GIT_DEPTH: 0 (GitLab CI), or git fetch --unshallow');
  const env = options.environment.trim();
  // The newest deployments of the environment: where the range starts (and older ones past a force push).
  const latest = await deploymentCandidates(options.index, env);
  let range;
  try {
    range = await deploymentRange(root, env, options.ref, { entries: latest, tagPattern: options.config.deployments.tagPattern, limit: 1, logger: options.logger });
  } catch (error) {
    throw new GateCannotTell((error as Error).message, 'pass --ref a commit that exists here (fetch it first)');
  }
  if (range.previousMissing) throw new GateCannotTell(range.problem ?? `the commit live on ${env} is not in this repository`, 'fetch the full history (git fetch --unshallow) or record where the environment is now with changetrail note --since <commit>');
  const exclude = await sinceExclusions(options.config.gate.since ?? options.config.enforcement.since, git);
  const commits = await rangeCommits(range.from, range.to, exclude, git);
  const undeployed = await undeployedEarlier(env, options.config, options.index, range.from, range.to, exclude, git);
  const records = await recordsFor(commits, options.index, env, latest);
  const freeze = freezeAt(options.now, options.config.freeze, env, options.config.freeze.timeZone ?? localTimeZone());
  return {
    facts: { environment: env, target: range.to, commits, records, undeployed, freeze, overrideReason: options.overrideReason },
    range: { from: range.from, to: range.to, basisLabel: range.basisLabel, firstDeploy: range.firstDeploy },
  };
}

/** `gate.since` as rev-list arguments: a date limits by commit date, a commit excludes itself and its ancestors. */
async function sinceExclusions(since: string | undefined, git: { cwd: string; logger?: Logger }): Promise<string[]> {
  if (!since) return [];
  // A date is read as check reads enforcement.since (core/check/enforcementSince): a zoneless one
  // as UTC, never in the machine's zone, and as a filter that does not stop at a skewed date.
  if (/^\d{4}-\d{2}-\d{2}/.test(since)) {
    const seconds = sinceSeconds(since);
    if (seconds === undefined) throw new GateCannotTell(`gate.since "${since}" is not a date`, 'fix gate.since in .changetrail/config.json');
    return [`--since-as-filter=@${seconds} +0000`];
  }
  const sha = (await runGit(['rev-parse', '--verify', '--quiet', `${since}^{commit}`], git).catch(() => '')).trim();
  if (!sha) throw new GateCannotTell(`gate.since "${since}" is neither a date (YYYY-MM-DD) nor a commit here`, 'fix gate.since in .changetrail/config.json');
  return [`^${sha}`];
}

async function rangeCommits(from: string | undefined, to: string, exclude: readonly string[], git: { cwd: string; logger?: Logger }): Promise<GateCommit[]> {
  const out = await runGit(['log', '-z', '--no-merges', '--name-only', `--format=${FIELD}%H %s`, ...(from ? [`${from}..${to}`] : [to]), ...exclude, '--'], git);
  const commits: { sha: string; subject: string; files: string[] }[] = [];
  for (const token of out.split('\0')) {
    if (token.startsWith(FIELD)) {
      const header = token.slice(1);
      const space = header.indexOf(' ');
      commits.push({ sha: space < 0 ? header : header.slice(0, space), subject: space < 0 ? '' : header.slice(space + 1), files: [] });
    } else if (token.replace(/^\n/, '') !== '' && commits.length > 0) {
      commits[commits.length - 1].files.push(token.replace(/^\n/, ''));
    }
  }
  return commits;
}

/** For each environment before `env` in the promotion order: the commits of the range never deployed there. */
async function undeployedEarlier(
  env: string,
  config: TeamConfig,
  index: ChangeLogIndex,
  from: string | undefined,
  to: string,
  exclude: readonly string[],
  git: { cwd: string; logger?: Logger },
): Promise<GateFacts['undeployed']> {
  const order = config.environments.map((e) => e.trim());
  const position = order.findIndex((e) => e.toLowerCase() === env.toLowerCase());
  const out: { environment: string; shas: string[]; neverDeployed: boolean }[] = [];
  for (const earlier of position > 0 ? order.slice(0, position) : []) {
    const deployed = await deployedCommits(earlier, config, index, git);
    const args = ['rev-list', '--no-merges', '--ignore-missing', ...(from ? [`${from}..${to}`] : [to]), ...exclude, ...(deployed.length > 0 ? ['--not', ...deployed] : [])];
    const shas = (await runGit(args, git)).split('\n').filter(Boolean);
    out.push({ environment: earlier, shas, neverDeployed: deployed.length === 0 });
  }
  return out;
}

/** Commits recorded as deployed to `environment` (newest 200 records), plus its deploy tags. */
async function deployedCommits(environment: string, config: TeamConfig, index: ChangeLogIndex, git: { cwd: string; logger?: Logger }): Promise<string[]> {
  const fromRecords = ((await index.query({ schema: 'changetrail/deployment', environment, limit: 200, currentOnly: false })) as DeploymentRecord[]).map((d) => d.commit);
  const pattern = config.deployments.tagPattern.replace(/\{env\}/g, environment);
  const tags = await runGit(['for-each-ref', '--format=%(*objectname) %(objectname)', `refs/tags/${pattern}`], git).catch(() => '');
  const fromTags = tags
    .split('\n')
    .map((line) => line.trim().split(' ').filter(Boolean)[0])
    .filter((sha): sha is string => Boolean(sha));
  return [...new Set([...fromRecords, ...fromTags])];
}

/**
 * Current change records naming a commit of the range, and manual changes for `env` made after
 * its last deployment (the newest of `latest`), in the order their first versions were written
 * (the order reasons are listed in and the first freeze override found).
 */
async function recordsFor(commits: readonly GateCommit[], index: ChangeLogIndex, env: string, latest: readonly DeploymentRecord[]): Promise<ChangeRecord[]> {
  const named = commits.length > 0 ? await index.recordsForCommits(commits.map((c) => c.sha)) : [];
  // Times compared as instants: a hand-written "10:00:00+01:00" is before "09:30:00.000Z", though it sorts after it as text.
  const lastDeploy = latest.reduce((newest, d) => Math.max(newest, Date.parse(d.createdAt)), -Infinity);
  // Not bounded by time: a manual change may be recorded before it is made (--at), and the origin key keeps this small.
  const manual = (await index.query({ schema: 'changetrail/change', origin: 'manual', environment: env })) as ChangeRecord[];
  const out = new Map<string, ChangeRecord>();
  for (const r of named) out.set(r.id, r);
  for (const r of manual) if (Date.parse(r.changedAt ?? r.createdAt) > lastDeploy) out.set(r.id, r);
  const first = await firstVersions(index, [...out.values()]);
  const key = (r: ChangeRecord) => first.get(r.id) ?? r;
  return [...out.values()].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    return Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

// Amendments of amendments are rare; a longer chain is ordered by the oldest version found.
const CHAIN_DEPTH = 20;

/** For each amended record of `records`, the version its chain of amendments started from. */
async function firstVersions(index: ChangeLogIndex, records: readonly ChangeRecord[]): Promise<Map<string, ChangeRecord>> {
  const out = new Map<string, ChangeRecord>();
  let walking = records.filter((r) => r.supersedes).map((r) => ({ id: r.id, at: r }));
  for (let depth = 0; depth < CHAIN_DEPTH && walking.length > 0; depth++) {
    const found = await index.getMany(walking.map((w) => w.at.supersedes as string));
    const next: typeof walking = [];
    walking.forEach((w, i) => {
      const older = found[i];
      if (older?.schema !== 'changetrail/change') return;
      out.set(w.id, older);
      if (older.supersedes) next.push({ id: w.id, at: older });
    });
    walking = next;
  }
  return out;
}
