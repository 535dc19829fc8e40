import type { ChangeRecord, DeploymentRecord } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';

const REVERT = /^Revert "(.*)"$/;

/**
 * The newest of `newestFirst` (one environment's deployments, newest first) that did not fail and
 * that `accept` takes. A deployment failed, as the metrics count it (deploymentOutcomes), when a
 * rollback names it, an incident names it or a change record it carried (in any version) as the
 * cause, or a later deployment carried a `Revert "<subject>"` of one of its commits. Reads only
 * the deployments it walks, so going back one or two deployments costs one or two.
 */
export async function lastGoodDeployment(index: ChangeLogIndex, newestFirst: readonly DeploymentRecord[], accept: (d: DeploymentRecord) => boolean = () => true): Promise<DeploymentRecord | undefined> {
  const { rolledBack, causeDeployments, causeChanges } = await failureMarks(index, newestFirst);
  const reverted = new Set<string>(); // subjects reverted by a deployment newer than the one looked at
  for (const d of newestFirst) {
    const carried = (await index.getMany(d.records, { current: true })).filter((e): e is ChangeRecord => e?.schema === 'changetrail/change');
    const failed =
      rolledBack.has(d.id) ||
      causeDeployments.has(d.id) ||
      (causeChanges.size > 0 && (await Promise.all(d.records.map((id) => firstVersion(index, id)))).some((id) => causeChanges.has(id))) ||
      carried.some((r) => r.commits.some((c) => reverted.has(c.subject)));
    if (!failed && accept(d)) return d;
    for (const r of carried) for (const c of r.commits) {
      const subject = REVERT.exec(c.subject)?.[1];
      if (subject !== undefined) reverted.add(subject);
    }
  }
  return undefined;
}

/** The ids of these deployments (of one environment, in any order) that failed, by the same rules as lastGoodDeployment. */
export async function failedDeployments(index: ChangeLogIndex, deployments: readonly DeploymentRecord[]): Promise<Set<string>> {
  const newestFirst = [...deployments].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  const good = new Set<string>();
  // Refusing every good one walks them all, noting each.
  await lastGoodDeployment(index, newestFirst, (d) => {
    good.add(d.id);
    return false;
  });
  return new Set(newestFirst.map((d) => d.id).filter((id) => !good.has(id)));
}

// What names a deployment as failed without reading what it carried: rollbacks, and incidents'
// causes (a change record by its first version: an amendment is the same change).
async function failureMarks(index: ChangeLogIndex, deployments: readonly DeploymentRecord[]) {
  const rolledBack = new Set(deployments.flatMap((d) => (d.kind === 'rollback' && d.rollsBack ? [d.rollsBack] : [])));
  const causeDeployments = new Set<string>();
  const causeChanges = new Set<string>();
  for (const incident of await index.incidents()) {
    if (incident.cause?.deployment) causeDeployments.add(incident.cause.deployment);
    if (incident.cause?.change) causeChanges.add(await firstVersion(index, incident.cause.change));
  }
  return { rolledBack, causeDeployments, causeChanges };
}

// The id of a change record's first version, following `supersedes` back.
async function firstVersion(index: ChangeLogIndex, id: string): Promise<string> {
  const seen = new Set<string>();
  for (let at = id; ; ) {
    const entry = seen.has(at) ? undefined : await index.get(at);
    seen.add(at);
    if (entry?.schema !== 'changetrail/change' || entry.supersedes === undefined) return at;
    at = entry.supersedes;
  }
}
