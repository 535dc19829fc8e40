import type { IncidentRecord } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';

/** An incident a commit is tied to: the commit went out in the deployment (or change) named as its cause. */
export interface CommitIncident {
  readonly incident: IncidentRecord;
  /** The deployment that carried the commit and caused the incident, when the cause is a deployment. */
  readonly deployment?: string;
  /** The change record covering the commit. */
  readonly change: string;
}

/**
 * The incidents caused by the deployments (or change records) that carried these commits, for
 * File History and "Why did this line change?": "went out in 01J... which caused incident 01J...".
 * Latest state of each incident; newest first.
 */
export async function incidentsForCommits(index: ChangeLogIndex, shas: readonly string[]): Promise<CommitIncident[]> {
  const records = await index.recordsForCommits(shas);
  if (records.length === 0) return [];
  const recordIds = new Set(records.map((r) => r.id));
  const caused = (await index.incidents()).filter((i) => i.cause && (i.cause.deployment || (i.cause.change && recordIds.has(i.cause.change))));
  const out: CommitIncident[] = [];
  for (const incident of caused) {
    const cause = incident.cause;
    if (!cause) continue;
    if (cause.change && recordIds.has(cause.change)) {
      out.push({ incident, change: cause.change });
      continue;
    }
    const deployment = cause.deployment ? await index.get(cause.deployment) : undefined;
    if (deployment?.schema !== 'changetrail/deployment') continue;
    const carried = deployment.records.find((id) => recordIds.has(id));
    if (carried) out.push({ incident, deployment: deployment.id, change: carried });
  }
  return out;
}
