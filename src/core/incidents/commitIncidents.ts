import type { ChangeRecord, DeploymentRecord, IncidentRecord } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';
import { sameCommit } from '../records/index/entryFilter';

/** An incident a commit is tied to: the commit went out in the deployment (or change) named as its cause. */
export interface CommitIncident {
  readonly incident: IncidentRecord;
  /** The deployment that carried the commit and caused the incident, when the cause is a deployment. */
  readonly deployment?: string;
  /** The change record covering the commit; absent when the deployment carried it without one (its deployed commit). */
  readonly change?: string;
  /** Which of the asked shas (as given) this incident is tied to. */
  readonly commits: readonly string[];
}

/**
 * The incidents caused by the deployments (or change records) that carried these commits, for
 * File History and "Why did this line change?": "went out in 01J... which caused incident 01J...".
 * A deployment carried a commit when one of its change records names it, when it is the commit
 * the deployment put live, or when `commitsOf` (git: previousCommit..commit) lists it, which
 * covers commits no change record names. Latest state of each incident; newest first.
 */
export async function incidentsForCommits(index: ChangeLogIndex, shas: readonly string[], commitsOf?: (deployment: DeploymentRecord) => Promise<readonly string[]>): Promise<CommitIncident[]> {
  if (shas.length === 0) return [];
  const caused = (await index.incidents()).filter((i) => i.cause?.deployment || i.cause?.change);
  if (caused.length === 0) return [];
  // Only the records these incidents name (a blamed change, or a blamed deployment's records) can
  // tie a commit to one: those are read, not every record naming the commits.
  const deploymentIds = [...new Set(caused.flatMap((i) => (i.cause?.deployment ? [i.cause.deployment] : [])))];
  const found = deploymentIds.length > 0 ? await index.getMany(deploymentIds) : [];
  const deployments = new Map(deploymentIds.map((id, k) => [id, found[k]]));
  const among = [...new Set([...caused.flatMap((i) => (i.cause?.change ? [i.cause.change] : [])), ...found.flatMap((d) => (d?.schema === 'changetrail/deployment' ? d.records : []))])];
  const records = among.length > 0 ? await index.recordsForCommits(shas, { among }) : [];
  const byId = new Map<string, ChangeRecord>(records.map((r) => [r.id, r]));
  const asked = (record: ChangeRecord) => shas.filter((sha) => record.commits.some((c) => sameCommit(c.sha, sha)));
  const out: CommitIncident[] = [];
  for (const incident of caused) {
    const cause = incident.cause;
    const blamed = cause?.change ? byId.get(cause.change) : undefined;
    if (blamed) {
      out.push({ incident, change: blamed.id, commits: asked(blamed) });
      continue;
    }
    const deployment = cause?.deployment ? deployments.get(cause.deployment) : undefined;
    if (deployment?.schema !== 'changetrail/deployment') continue;
    const carried = deployment.records.map((id) => byId.get(id)).find((r) => r !== undefined);
    const range = commitsOf ? await commitsOf(deployment).catch(() => []) : [];
    const head = shas.filter((sha) => sameCommit(deployment.commit, sha) || range.some((c) => sameCommit(c, sha)));
    if (carried) out.push({ incident, deployment: deployment.id, change: carried.id, commits: [...new Set([...asked(carried), ...head])] });
    else if (head.length > 0) out.push({ incident, deployment: deployment.id, commits: head });
  }
  return out;
}

/** For each asked sha, the incidents it is tied to (from incidentsForCommits). */
export function incidentsBySha(found: readonly CommitIncident[]): Map<string, CommitIncident[]> {
  const bySha = new Map<string, CommitIncident[]>();
  for (const f of found) for (const sha of f.commits) bySha.set(sha, [...(bySha.get(sha) ?? []), f]);
  return bySha;
}

/** "went out in deployment 01J… which caused incident 01J… (Checkout down, resolved)", for a row or a hover. */
export function commitIncidentText(found: CommitIncident): string {
  const { incident } = found;
  const where = found.deployment ? `went out in deployment ${found.deployment}, which caused` : 'its change was named the cause of';
  return `${where} incident ${incident.incidentId} (${incident.title}, ${incident.status})`;
}
