import type { ChangedDeployment, ChangedItem, Suspect, Suspicion } from './whatChangedTypes';
import { compareInstants } from '../records/index/entryKeys';

/** What a suspect is weighed against: the system that broke and the moment it broke. */
export interface SuspectContext {
  /** The system that broke, when known; changes that touched it come first. */
  readonly system?: string;
  /** T, epoch ms. */
  readonly at: number;
  /** Start of the window, epoch ms; closeness to T is measured against it. */
  readonly since?: number;
}

/** The weights, so a person reading a score can tell what made it. */
export const SUSPECT_WEIGHTS = { system: 40, danger: 15, warning: 5, noRollback: 15, freezeOverride: 10, unrecorded: 10, closest: 20 } as const;
const DEFAULT_SPAN = 24 * 3_600_000;

/**
 * How suspect a change is: it touched the system that broke, carries risk flags, has no rollback
 * plan, went out under a freeze override, and (up to 20 points) how close to T it went live.
 */
export function scoreChange(item: ChangedItem, deployment: Pick<ChangedDeployment, 'at' | 'freezeOverride'>, ctx: SuspectContext): Suspicion {
  const reasons: string[] = [];
  let score = 0;
  const system = ctx.system?.trim().toLowerCase();
  if (system && item.systems.some((s) => s.trim().toLowerCase() === system)) {
    score += SUSPECT_WEIGHTS.system;
    reasons.push(`touched ${ctx.system}`);
  }
  const danger = item.riskFlags.filter((f) => f.severity === 'danger');
  const warning = item.riskFlags.filter((f) => f.severity === 'warning');
  if (danger.length + warning.length > 0) {
    score += Math.min(2, danger.length) * SUSPECT_WEIGHTS.danger + Math.min(2, warning.length) * SUSPECT_WEIGHTS.warning;
    reasons.push(`risk flags: ${[...danger, ...warning].map((f) => f.id).join(', ')}`);
  }
  if (item.rollbackPlan === undefined) {
    score += SUSPECT_WEIGHTS.noRollback;
    reasons.push('no rollback plan');
  }
  const override = item.freezeOverride ?? deployment.freezeOverride;
  if (override !== undefined) {
    score += SUSPECT_WEIGHTS.freezeOverride;
    reasons.push(`freeze override (${override})`);
  }
  return closeness(score, reasons, deployment.at, ctx);
}

/** How suspect a deployment's commits without a change record are: nobody said what they do. */
export function scoreUnrecorded(deployment: Pick<ChangedDeployment, 'at' | 'freezeOverride'>, ctx: SuspectContext): Suspicion {
  const reasons = ['no change record: nobody said what these commits do or how to undo them'];
  let score = SUSPECT_WEIGHTS.unrecorded;
  if (deployment.freezeOverride !== undefined) {
    score += SUSPECT_WEIGHTS.freezeOverride;
    reasons.push(`freeze override (${deployment.freezeOverride})`);
  }
  return closeness(score, reasons, deployment.at, ctx);
}

/** Every change and unrecorded deployment in the window, most suspect first (ties: closer to T, then id). */
export function rankSuspects(deployments: readonly ChangedDeployment[], ctx: SuspectContext): Suspect[] {
  const out: Suspect[] = [];
  for (const d of deployments) {
    for (const c of d.changes) out.push({ ...scoreChange(c, d, ctx), deployment: d.ref, source: d.source, ...(c.recordId ? { recordId: c.recordId } : {}), title: c.title, at: d.at });
    if (d.unrecorded.length > 0 || (d.changes.length === 0 && d.kind === 'deploy')) {
      const title = d.unrecorded.length > 0 ? `${d.unrecorded.length} commit${d.unrecorded.length === 1 ? '' : 's'} without a change record (${d.unrecorded[0].subject}${d.unrecorded.length > 1 ? ', …' : ''})` : 'a deployment that lists no change';
      out.push({ ...scoreUnrecorded(d, ctx), deployment: d.ref, source: d.source, title, at: d.at });
    }
  }
  return out.sort((a, b) => b.score - a.score || compareInstants(b.at, a.at) || a.deployment.localeCompare(b.deployment) || (a.recordId ?? '').localeCompare(b.recordId ?? ''));
}

/** A deployment's own suspicion: its most suspect change's. */
export function deploymentSuspicion(changes: readonly Suspicion[]): Suspicion {
  return changes.reduce<Suspicion>((best, s) => (s.score > best.score ? s : best), { score: 0, reasons: [] });
}

function closeness(score: number, reasons: string[], at: string, ctx: SuspectContext): Suspicion {
  const age = Math.max(0, ctx.at - Date.parse(at));
  const span = Math.max(1, ctx.since !== undefined ? ctx.at - ctx.since : DEFAULT_SPAN);
  const points = Math.round(SUSPECT_WEIGHTS.closest * Math.max(0, 1 - age / span) * 10) / 10;
  reasons.push(`went live ${describeAge(age)} before`);
  return { score: Math.round((score + points) * 10) / 10, reasons };
}

/** "35 min", "3 h 10 min", "2 d 4 h". */
export function describeAge(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
