import type { ChangeRecord, DeploymentRecord, IncidentRecord } from '../records/changeRecord';
import { currentIncidentStates, supersedesEffectively } from '../records/index/incidentStates';

/** Environments that are bookkeeping, not places code goes live (the digest carrier). */
const NOT_AN_ENVIRONMENT = new Set(['changetrail-digest']);

/** Why a deployment counts as failed. */
export type FailureReason = 'rolled back' | 'caused an incident' | 'reverted';

/** A deployment with what happened to it afterwards. */
export interface DeploymentOutcome {
  readonly deployment: DeploymentRecord;
  readonly at: number;
  readonly environment: string;
  readonly isRollback: boolean;
  /** Why it failed; empty when nothing says it did. */
  readonly failures: readonly FailureReason[];
  /** When service was restored after a failed deployment: the next deployment to the same environment. */
  readonly restoredAt?: number;
  /** Systems of the change records it carried. */
  readonly systems: readonly string[];
}

/** The environment key used everywhere: trimmed, lower case. */
export function envKey(environment: string): string {
  return environment.trim().toLowerCase();
}

/**
 * What became of each deployment: a deployment failed when a rollback names it, an incident names
 * it (or one of its change records) as the cause, or a later deployed change reverts one of its
 * commits (`Revert "<subject>"`, as `git revert` writes it). It was restored by the next
 * deployment to the same environment. Deployments are returned oldest first.
 */
export function deploymentOutcomes(
  deployments: readonly DeploymentRecord[],
  changes: readonly ChangeRecord[],
  incidents: readonly IncidentRecord[],
  /** changeResolver(changes), when the caller has it already (it is a map of every change record). */
  byId: ReadonlyMap<string, ChangeRecord> = changeResolver(changes),
): DeploymentOutcome[] {
  const sorted = deployments
    .filter((d) => !NOT_AN_ENVIRONMENT.has(envKey(d.environment)))
    .map((d) => ({ d, at: Date.parse(d.createdAt) }))
    .sort((a, b) => a.at - b.at);
  const rolledBack = new Set(sorted.flatMap(({ d }) => (d.kind === 'rollback' && d.rollsBack ? [d.rollsBack] : [])));
  const causedByDeployment = new Set<string>();
  // A change is named in any of its versions: an amendment is the same change.
  const rootOf = changeRoots(changes);
  const root = (id: string) => rootOf.get(id) ?? id;
  const causedByChange = new Set<string>();
  for (const incident of incidents) {
    if (incident.cause?.deployment) causedByDeployment.add(incident.cause.deployment);
    if (incident.cause?.change) causedByChange.add(root(incident.cause.change));
  }
  // Subjects reverted by any later change, keyed by environment at the time the revert went live.
  const revertedSubjects: { env: string; at: number; subject: string }[] = [];
  for (const { d, at } of sorted) {
    for (const recordId of d.records) {
      for (const commit of byId.get(recordId)?.commits ?? []) {
        const m = /^Revert "(.*)"$/.exec(commit.subject);
        if (m) revertedSubjects.push({ env: envKey(d.environment), at, subject: m[1] });
      }
    }
  }
  // The next deployment to the same environment, by one walk from the newest (not a search per deployment).
  const nextAt: (number | undefined)[] = new Array(sorted.length);
  const following = new Map<string, number>();
  for (let i = sorted.length - 1; i >= 0; i--) {
    const env = envKey(sorted[i].d.environment);
    nextAt[i] = following.get(env);
    following.set(env, sorted[i].at);
  }
  return sorted.map(({ d, at }, i) => {
    const env = envKey(d.environment);
    const carried = d.records.map((id) => byId.get(id)).filter((c): c is ChangeRecord => c !== undefined);
    const failures: FailureReason[] = [];
    if (rolledBack.has(d.id)) failures.push('rolled back');
    if (causedByDeployment.has(d.id) || d.records.some((id) => causedByChange.has(root(id)))) failures.push('caused an incident');
    const subjects = new Set(carried.flatMap((c) => c.commits.map((k) => k.subject)));
    if (revertedSubjects.some((r) => r.env === env && r.at > at && subjects.has(r.subject))) failures.push('reverted');
    const systems = [...new Set(carried.flatMap((c) => c.systems.map((s) => s.name)))];
    return {
      deployment: d,
      at,
      environment: env,
      isRollback: d.kind === 'rollback',
      failures,
      restoredAt: failures.length > 0 ? nextAt[i] : undefined,
      systems,
    };
  });
}

/** The current state of each incident (forks joined, as the change-log index answers it). */
export function latestIncidents(entries: readonly IncidentRecord[]): IncidentRecord[] {
  return currentIncidentStates(entries);
}

/**
 * The amendments that really replace what they name: [amendment id, amended id], by the index's rule
 * (supersedesEffectively): a record naming itself, or the link of a hand-edited loop that names the
 * loop's latest record, replaces nothing.
 */
function effectiveAmendments(changes: readonly ChangeRecord[]): [string, string][] {
  const byId = new Map(changes.map((c) => [c.id, c]));
  return changes.flatMap((c) => {
    const older = c.supersedes === undefined ? undefined : byId.get(c.supersedes);
    if (c.supersedes === undefined || c.supersedes === c.id) return [];
    // An id the log does not hold: followed by id, as before.
    return !older || supersedesEffectively(c, older, (id) => byId.get(id)) ? [[c.id, c.supersedes] as [string, string]] : [];
  });
}

/**
 * Looks a change record up by any of its ids and answers its current version: a deployment names
 * the record as it was when it went out, an amendment written later supersedes that id.
 */
export function changeResolver(changes: readonly ChangeRecord[]): Map<string, ChangeRecord> {
  const byId = new Map(changes.map((c) => [c.id, c]));
  const next = new Map(effectiveAmendments(changes).map(([newer, older]) => [older, newer] as const));
  const out = new Map<string, ChangeRecord>();
  for (const c of changes) {
    // Most records were never amended: no walk, no set.
    if (!next.has(c.id)) {
      out.set(c.id, c);
      continue;
    }
    let id = c.id;
    const seen = new Set<string>();
    while (next.has(id) && !seen.has(id)) {
      seen.add(id);
      id = next.get(id) as string;
    }
    out.set(c.id, byId.get(id) ?? c);
  }
  return out;
}

/** Each change record's first version (following `supersedes` back), for the records that amend one. */
export function changeRoots(changes: readonly ChangeRecord[]): Map<string, string> {
  const previous = new Map(effectiveAmendments(changes));
  const out = new Map<string, string>();
  for (const id of previous.keys()) {
    let at = id;
    const seen = new Set<string>();
    while (previous.has(at) && !seen.has(at)) {
      seen.add(at);
      at = previous.get(at) as string;
    }
    out.set(id, at);
  }
  return out;
}
