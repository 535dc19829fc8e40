import { localTimeZone } from '../checklist/zonedTime';
import { freezeAt } from '../checklist/freezeWindow';
import type { TeamConfig } from '../config/teamConfigSchema';
import { runGit } from '../git/runGit';
import type { Logger } from '../log';
import { changeResolver } from '../metrics/deploymentOutcomes';
import { deploymentRange } from '../notes/deploymentRange';
import type { ChangeRecord, DeploymentRecord, LogEntry } from '../records/changeRecord';
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
 */
export async function gateFacts(
  root: string,
  options: { environment: string; ref: string; config: TeamConfig; entries: readonly LogEntry[]; now: Date; overrideReason?: string; logger?: Logger },
): Promise<{ facts: GateFacts; range: GateRange }> {
  const git = { cwd: root, logger: options.logger };
  const shallow = (await runGit(['rev-parse', '--is-shallow-repository'], git)).trim() === 'true';
  if (shallow) throw new GateCannotTell('this is a shallow clone: the commits since the last deployment cannot be known', 'fetch the whole history: fetch-depth: 0 (GitHub Actions), GIT_DEPTH: 0 (GitLab CI), or git fetch --unshallow');
  const env = options.environment.trim();
  let range;
  try {
    range = await deploymentRange(root, env, options.ref, { entries: options.entries, tagPattern: options.config.deployments.tagPattern, limit: 1, logger: options.logger });
  } catch (error) {
    throw new GateCannotTell((error as Error).message, 'pass --ref a commit that exists here (fetch it first)');
  }
  if (range.previousMissing) throw new GateCannotTell(range.problem ?? `the commit live on ${env} is not in this repository`, 'fetch the full history (git fetch --unshallow) or record where the environment is now with changetrail note --since <commit>');
  const exclude = await sinceExclusions(options.config.gate.since ?? options.config.enforcement.since, git);
  const commits = await rangeCommits(range.from, range.to, exclude, git);
  const undeployed = await undeployedEarlier(env, options.config, options.entries, range.from, range.to, exclude, git);
  const records = recordsFor(commits, options.entries, env);
  const freeze = freezeAt(options.now, options.config.freeze, env, options.config.freeze.timeZone ?? localTimeZone());
  return {
    facts: { environment: env, commits, records, undeployed, freeze, overrideReason: options.overrideReason },
    range: { from: range.from, to: range.to, basisLabel: range.basisLabel, firstDeploy: range.firstDeploy },
  };
}

/** `gate.since` as rev-list arguments: a date limits by commit date, a commit excludes itself and its ancestors. */
async function sinceExclusions(since: string | undefined, git: { cwd: string; logger?: Logger }): Promise<string[]> {
  if (!since) return [];
  if (/^\d{4}-\d{2}-\d{2}/.test(since)) return [`--since=${since}`];
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
  entries: readonly LogEntry[],
  from: string | undefined,
  to: string,
  exclude: readonly string[],
  git: { cwd: string; logger?: Logger },
): Promise<GateFacts['undeployed']> {
  const order = config.environments.map((e) => e.trim());
  const position = order.findIndex((e) => e.toLowerCase() === env.toLowerCase());
  const out: { environment: string; shas: string[]; neverDeployed: boolean }[] = [];
  for (const earlier of position > 0 ? order.slice(0, position) : []) {
    const deployed = await deployedCommits(earlier, config, entries, git);
    const args = ['rev-list', '--no-merges', '--ignore-missing', ...(from ? [`${from}..${to}`] : [to]), ...exclude, ...(deployed.length > 0 ? ['--not', ...deployed] : [])];
    const shas = (await runGit(args, git)).split('\n').filter(Boolean);
    out.push({ environment: earlier, shas, neverDeployed: deployed.length === 0 });
  }
  return out;
}

/** Commits recorded as deployed to `environment` (newest 200 records), plus its deploy tags. */
async function deployedCommits(environment: string, config: TeamConfig, entries: readonly LogEntry[], git: { cwd: string; logger?: Logger }): Promise<string[]> {
  const key = environment.toLowerCase();
  const fromRecords = entries
    .filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.environment.trim().toLowerCase() === key)
    .slice(-200)
    .map((d) => d.commit);
  const pattern = config.deployments.tagPattern.replace(/\{env\}/g, environment);
  const tags = await runGit(['for-each-ref', '--format=%(*objectname) %(objectname)', `refs/tags/${pattern}`], git).catch(() => '');
  const fromTags = tags
    .split('\n')
    .map((line) => line.trim().split(' ').filter(Boolean)[0])
    .filter((sha): sha is string => Boolean(sha));
  return [...new Set([...fromRecords, ...fromTags])];
}

/** Current change records naming a commit of the range, and manual changes for `env` since its last deployment. */
function recordsFor(commits: readonly GateCommit[], entries: readonly LogEntry[], env: string): ChangeRecord[] {
  const changes = entries.filter((e): e is ChangeRecord => e.schema === 'changetrail/change');
  const resolve = changeResolver(changes);
  const shas = new Set(commits.map((c) => c.sha));
  const lastDeploy = entries
    .filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.environment.trim().toLowerCase() === env.toLowerCase())
    .reduce((latest, d) => (d.createdAt > latest ? d.createdAt : latest), '');
  const out = new Map<string, ChangeRecord>();
  for (const c of changes) {
    const current = resolve.get(c.id) ?? c;
    const names = current.commits.some((k) => shas.has(k.sha) || (k.sha.length >= 7 && k.sha.length < 40 && [...shas].some((s) => s.startsWith(k.sha))));
    const manual = current.origin === 'manual' && current.environment.trim().toLowerCase() === env.toLowerCase() && (current.changedAt ?? current.createdAt) > lastDeploy;
    if (names || manual) out.set(current.id, current);
  }
  return [...out.values()];
}
