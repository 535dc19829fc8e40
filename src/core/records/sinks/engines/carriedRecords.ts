import type { ChangeLogIndex } from '../../index/changeLogIndex';
import type { ChangeRecord, DeploymentRecord } from '../../changeRecord';

/** The change records a deployment carried, as the index knows them (missing ids are skipped). */
export async function carriedRecords(index: ChangeLogIndex | undefined, deployment: DeploymentRecord): Promise<ChangeRecord[]> {
  if (!index) return [];
  const out: ChangeRecord[] = [];
  for (const id of deployment.records) {
    const entry = await index.get(id);
    if (entry?.schema === 'changetrail/change') out.push(entry);
  }
  return out;
}

/** The ticket keys of the carried change records, each once, in order. */
export async function carriedTickets(index: ChangeLogIndex | undefined, deployment: DeploymentRecord): Promise<string[]> {
  return [...new Set((await carriedRecords(index, deployment)).flatMap((r) => r.tickets))];
}

/** The deployment a rollback undoes, when the log has it. */
export async function rolledBack(index: ChangeLogIndex | undefined, deployment: DeploymentRecord): Promise<DeploymentRecord | undefined> {
  if (deployment.kind !== 'rollback' || !deployment.rollsBack || !index) return undefined;
  const entry = await index.get(deployment.rollsBack);
  return entry?.schema === 'changetrail/deployment' ? entry : undefined;
}

/** A deployment by id (an incident's cause). */
export async function deploymentById(index: ChangeLogIndex | undefined, id: string | undefined): Promise<DeploymentRecord | undefined> {
  if (!index || !id) return undefined;
  const entry = await index.get(id);
  return entry?.schema === 'changetrail/deployment' ? entry : undefined;
}
