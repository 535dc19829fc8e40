import type { Clock } from '../clock';
import { ChangeTrailError } from '../errors';
import { runGit } from '../git/runGit';
import type { Logger } from '../log';
import { type ChangeRecord, type DeploymentRecord, deploymentRecordSchema } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';
import { describeIssues } from '../records/changeLogReader';
import { isDeploymentOverride } from '../records/manualChange';
import { ulid } from '../records/ulid';
import { failedDeployments, lastGoodDeployment } from './lastGoodDeployment';

/** What a rollback undoes and where it goes back to. */
export interface RollbackPlan {
  readonly environment: string;
  /** The deployment live now: the one the rollback reverses. */
  readonly current: DeploymentRecord;
  /** The commit that goes live again. */
  readonly targetCommit: string;
  /** The deployment that put it live, when the log knows it. */
  readonly target?: DeploymentRecord;
  /** Deployments taken back out, newest first (the current one first). */
  readonly undone: readonly DeploymentRecord[];
  /** Their change records: what users lose again. */
  readonly undoneChanges: readonly ChangeRecord[];
  /**
   * Changes made outside git on the environment since the target commit was put live (since the
   * oldest undone deployment when no deployment names it), oldest first: redeploying code does not
   * undo them, and one may be what broke. `since` is ISO.
   */
  readonly keptOutsideGit: { readonly since: string; readonly records: readonly ChangeRecord[] };
}

const SHA = /^[0-9a-f]{7,64}$/i;

/**
 * Plans rolling `environment` back: by default to the newest earlier deployment that did not
 * fail (not rolled back, not blamed for an incident directly or through a change it carried, not
 * reverted later: lastGoodDeployment); `to` names a deployment (id or its start)
 * or a commit. Throws BadRange with what to do when nothing is recorded or `to` is not older.
 */
export async function planRollback(index: ChangeLogIndex, environment: string, to?: string, git?: { readonly cwd: string; readonly logger?: Logger }): Promise<RollbackPlan> {
  const all = await index.deploymentsOf(environment);
  const current = all[0];
  if (!current) throw new ChangeTrailError('BadRange', `No deployment to ${environment} is recorded, so there is nothing to roll back (deployments are recorded with "changetrail note --env ${environment} --record").`);
  const older = all.slice(1);
  let target: DeploymentRecord | undefined;
  let targetCommit: string;
  if (to !== undefined && to.trim() !== '') {
    const wanted = to.trim();
    target = older.find((d) => d.id === wanted.toUpperCase()) ?? (wanted.length >= 6 ? older.find((d) => d.id.startsWith(wanted.toUpperCase())) : undefined);
    if (!target && SHA.test(wanted)) target = older.find((d) => d.commit.startsWith(wanted.toLowerCase()) || wanted.toLowerCase().startsWith(d.commit));
    // An older deployment of the commit live now (what a rollback put back) is no way back either.
    if (current.id === wanted.toUpperCase() || (SHA.test(wanted) && current.commit.startsWith(wanted.toLowerCase()) && !target) || target?.commit === current.commit) {
      throw new ChangeTrailError('BadRange', `${wanted} is what is live on ${environment} now: --to names the deployment (or commit) to go back to`);
    }
    if (!target && !SHA.test(wanted)) throw new ChangeTrailError('BadRange', `--to "${wanted}" is neither a deployment of ${environment} nor a commit sha`);
    // A deployment named outright is a way back only if it did not fail: after a rollback, the one it
    // took out (by id or by its commit) would ship the failure again.
    if (target && (await failedDeployments(index, all)).has(target.id)) {
      throw new ChangeTrailError('BadRange', `--to ${wanted} is deployment ${target.id} (${target.commit.slice(0, 7)}), which failed (rolled back, reverted or blamed for an incident): going back to it ships the failure again; name another deployment or commit`);
    }
    targetCommit = target?.commit ?? (git ? await commitBehind(wanted, current, environment, git) : wanted.toLowerCase());
  } else {
    // The failures of the deployments after it count too: a revert shipped by the current one marks an older one failed.
    target = await lastGoodDeployment(index, all, (d) => d !== current && d.kind !== 'rollback' && d.commit !== current.commit);
    // Where the live deployment came from is a way back only when nothing older is recorded: after a
    // rollback, its previousCommit is the very commit it took out, and every older deployment has
    // just been found failed or running what is live now. Going there would ship the failure again.
    targetCommit = target?.commit ?? (older.length === 0 && current.kind !== 'rollback' ? (current.previousCommit ?? '') : '');
    if (!targetCommit && older.length > 0) {
      throw new ChangeTrailError('BadRange', `No earlier good deployment to ${environment}: every one before ${current.id} failed or runs what is live now (${current.commit.slice(0, 7)}); pass --to <deployment|commit> to choose where to go`);
    }
    if (!targetCommit) throw new ChangeTrailError('BadRange', `No earlier deployment to ${environment} is recorded and ${current.id} names no previous commit: pass --to <commit>`);
  }
  const undone = target ? all.slice(0, all.indexOf(target)) : git ? await newerThan(all, targetCommit, git) : [current];
  const undoneChanges: ChangeRecord[] = [];
  for (const d of undone) {
    for (const id of d.records) {
      const entry = await index.get(id);
      if (entry?.schema === 'changetrail/change' && !undoneChanges.some((c) => c.id === entry.id)) undoneChanges.push(entry);
    }
  }
  const liveSince = Date.parse((target ?? undone[undone.length - 1] ?? current).createdAt);
  const keptOutsideGit = { since: new Date(liveSince).toISOString(), records: await madeOutsideGitSince(index, environment, liveSince) };
  return { environment, current, targetCommit, ...(target ? { target } : {}), undone, undoneChanges, keptOutsideGit };
}

/** Manual changes (not the gate's override notes) made on `environment` after `after` (epoch ms), oldest first by when they were made. */
async function madeOutsideGitSince(index: ChangeLogIndex, environment: string, after: number): Promise<ChangeRecord[]> {
  // Not bounded by record time: a change may be recorded long after it was made (--at); the origin key keeps this small.
  const found = (await index.query({ schema: 'changetrail/change', origin: 'manual', environment })) as ChangeRecord[];
  const made = (r: ChangeRecord) => Date.parse(r.changedAt ?? r.createdAt);
  return found.filter((r) => !isDeploymentOverride(r) && made(r) > after).sort((a, b) => made(a) - made(b) || a.id.localeCompare(b.id));
}

/**
 * `wanted` (a sha no deployment of the environment names) as a full commit that lies behind what is
 * live: a commit git does not have, or one the live commit does not contain (never live there, or
 * ahead of it), is no way back and would be recorded as where the environment went.
 */
async function commitBehind(wanted: string, current: DeploymentRecord, environment: string, git: { readonly cwd: string; readonly logger?: Logger }): Promise<string> {
  const full = (await runGit(['rev-parse', '--verify', '--quiet', `${wanted}^{commit}`], git).catch(() => '')).trim();
  if (!full) throw new ChangeTrailError('BadRange', `--to ${wanted} is not a commit in this repository (fetch it first, or name a deployment of ${environment})`);
  const live = (await runGit(['rev-parse', '--verify', '--quiet', `${current.commit}^{commit}`], git).catch(() => '')).trim();
  if (!live) throw new ChangeTrailError('BadRange', `the commit live on ${environment} (${current.commit.slice(0, 7)}) is not in this repository, so --to ${wanted} cannot be checked to lie behind it: fetch the full history`);
  if (!(await isAncestor(full, live, git))) {
    throw new ChangeTrailError('BadRange', `--to ${wanted} is not behind what ${environment} runs (${live.slice(0, 7)}): it never went live there and the live commit does not contain it; a rollback goes back (to deploy a newer commit, deploy it)`);
  }
  return full;
}

/** The deployments (newest first) that `commit` goes back behind: up to the first whose commit it contains. */
async function newerThan(newestFirst: readonly DeploymentRecord[], commit: string, git: { readonly cwd: string; readonly logger?: Logger }): Promise<DeploymentRecord[]> {
  const out: DeploymentRecord[] = [];
  for (const d of newestFirst) {
    if (out.length > 0 && (await isAncestor(d.commit, commit, git))) return out;
    // One git process per deployment walked: a commit older than the last hundred is named by its deployment.
    if (out.length === MAX_UNDONE) throw new ChangeTrailError('BadRange', `--to ${commit.slice(0, 10)} goes back behind more than ${MAX_UNDONE} deployments to ${d.environment}: name the deployment to go back to`);
    out.push(d);
  }
  return out;
}

const MAX_UNDONE = 100;

function isAncestor(ancestor: string, of: string, git: { readonly cwd: string; readonly logger?: Logger }): Promise<boolean> {
  return runGit(['merge-base', '--is-ancestor', ancestor, of], git).then(
    () => true,
    () => false,
  );
}

/** The deployment record of a rollback: kind rollback, linked to the deployment it reverses and to the incident. */
export function rollbackRecord(plan: RollbackPlan, by: DeploymentRecord['by'], clock: Clock, options: { readonly incident?: string; readonly message?: string } = {}): DeploymentRecord {
  const now = clock.now();
  const record: DeploymentRecord = {
    schema: 'changetrail/deployment',
    version: 1,
    id: ulid(now),
    createdAt: new Date(now).toISOString(),
    environment: plan.environment,
    commit: plan.targetCommit,
    previousCommit: plan.current.commit,
    by,
    records: [],
    kind: 'rollback',
    rollsBack: plan.current.id,
    ...(options.incident ? { incident: options.incident } : {}),
    note: options.message?.trim() || `Rollback of ${plan.current.id}${plan.undone.length > 1 ? ` and ${plan.undone.length - 1} deployment(s) before it` : ''} to ${plan.targetCommit.slice(0, 7)}`,
  };
  const parsed = deploymentRecordSchema.safeParse(record);
  if (!parsed.success) throw new ChangeTrailError('ConfigInvalid', `Rollback record refused: ${describeIssues(parsed.error.issues, record)}`);
  return parsed.data;
}
