import type { ChangeRecord, DeploymentRecord, IncidentRecord } from '../records/changeRecord';
import { ticketUrl } from '../tickets/branchTicketStatus';
import type { BoardChange, BoardDeployment, BoardIncident } from '../../protocol/boardData';

// What one log entry becomes on the page: shared by the whole-log buildBoard and the month-by-month
// build, so both write the same documents.

/** The environment bookkeeping entries use (the digest carrier): never on the board. */
export const DIGEST_ENVIRONMENT = 'changetrail-digest';

function person(p: { name: string; email: string }): string {
  return p.name || p.email;
}

/** When a change counts as made: changedAt (a manual change) or when it was recorded. */
export function changeTime(c: Pick<ChangeRecord, 'changedAt' | 'createdAt'>): number {
  return Date.parse(c.changedAt ?? c.createdAt);
}

/** A change record as the page shows it. */
export function boardChange(c: ChangeRecord, at: number, template: string | undefined): BoardChange {
  return {
    id: c.id,
    at,
    environment: c.environment.trim().toLowerCase(),
    systems: c.systems.map((s) => s.name),
    title: c.title,
    description: c.description,
    reason: c.reason,
    who: person(c.author),
    rollbackPlan: c.rollbackPlan,
    tickets: c.tickets.map((key) => {
      const url = ticketUrl(key, template);
      return url ? { key, url } : { key };
    }),
    risk: c.riskFlags.map((f) => ({ id: f.id, severity: f.severity, message: f.message })),
    ...(c.freezeOverride ? { freezeOverride: c.freezeOverride.reason } : {}),
    commits: c.commits.map((k) => ({ sha: k.sha, subject: k.subject })),
    manual: c.origin === 'manual',
    ...(c.runbook ? { runbook: c.runbook } : {}),
    ...(c.escalation ? { escalation: c.escalation } : {}),
    ...(c.repository ? { repository: c.repository } : {}),
  };
}

/**
 * A deployment as the page shows it. `changes` are the record ids as the deployment names them and
 * `failures` empty until decorateDeployment says what became of it (that depends on later entries).
 */
export function boardDeployment(d: DeploymentRecord, at: number): BoardDeployment {
  return {
    id: d.id,
    at,
    environment: d.environment.trim().toLowerCase(),
    commit: d.commit,
    ...(d.previousCommit ? { previousCommit: d.previousCommit } : {}),
    by: person(d.by),
    changes: [...d.records],
    rollback: d.kind === 'rollback',
    ...(d.rollsBack ? { rollsBack: d.rollsBack } : {}),
    ...(d.incident ? { incident: d.incident } : {}),
    failures: [],
    ...(d.freezeOverride ? { freezeOverride: d.freezeOverride.reason } : {}),
  };
}

/** The deployment with its changes named by their current (amended) ids and what became of it. */
export function decorateDeployment(d: BoardDeployment, currentId: (id: string) => string, failures: readonly string[]): BoardDeployment {
  return { ...d, changes: d.changes.map(currentId), failures: [...failures] };
}

/** An incident (its latest state) as the page shows it. */
export function boardIncident(i: IncidentRecord): BoardIncident {
  return {
    id: i.incidentId,
    title: i.title,
    environment: i.environment.trim().toLowerCase(),
    systems: i.systems,
    detectedAt: Date.parse(i.detectedAt),
    ...(i.resolvedAt ? { resolvedAt: Date.parse(i.resolvedAt) } : {}),
    impact: i.impact,
    level: i.level,
    status: i.status,
    ...(i.cause?.summary || i.cause?.kind ? { cause: i.cause.summary ?? i.cause.kind } : {}),
    ...(i.cause?.deployment ? { causeDeployment: i.cause.deployment } : {}),
    ...(i.fix ? { fix: i.fix } : {}),
    ...(i.lessons ? { lessons: i.lessons } : {}),
    followUps: i.followUps ?? [],
  };
}

/**
 * Newest first; equal times by id, later first, as the built site's months order them (the order
 * read is not the same for every build of a board of two logs).
 */
export function newestFirst<T extends { readonly at: number; readonly id: string }>(items: T[]): T[] {
  return items.sort(newerFirst);
}

// The order of newestFirst.
function newerFirst(a: { readonly at: number; readonly id: string }, b: { readonly at: number; readonly id: string }): number {
  return b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
