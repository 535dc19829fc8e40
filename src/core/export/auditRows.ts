import { isoInZone } from '../metrics/periods';
import type { LogEntry } from '../records/changeRecord';

/** The export's columns, in their stable order (new columns are only ever added at the end). */
export const AUDIT_COLUMNS = [
  'time',
  'type',
  'id',
  'environment',
  'systems',
  'change',
  'who',
  'reason',
  'rollback_plan',
  'tickets',
  'risk',
  'freeze_override',
  'commits',
  'related',
  'supersedes',
  'origin',
] as const;

export type AuditRow = Record<(typeof AUDIT_COLUMNS)[number], string>;

/** The time an entry is about: when a manual change was made, when an incident was detected, else when it was written. */
export function entryTime(entry: LogEntry): number {
  if (entry.schema === 'changetrail/change') return Date.parse(entry.changedAt ?? entry.createdAt);
  if (entry.schema === 'changetrail/incident') return Date.parse(entry.createdAt);
  return Date.parse(entry.createdAt);
}

/** One row of the audit export for a log entry; times carry their offset in `timeZone`. */
export function auditRow(entry: LogEntry, timeZone: string): AuditRow {
  const time = isoInZone(entryTime(entry), timeZone);
  const base = { time, id: entry.id, environment: entry.environment, supersedes: '', origin: '' };
  if (entry.schema === 'changetrail/change') {
    return {
      ...base,
      type: 'change',
      systems: entry.systems.map((s) => s.name).join('; '),
      change: entry.title,
      who: person(entry.author),
      reason: entry.reason,
      rollback_plan: entry.rollbackPlan,
      tickets: entry.tickets.join('; '),
      risk: entry.riskFlags.map((f) => `${f.severity}: ${f.message}`).join('; '),
      freeze_override: entry.freezeOverride ? `${entry.freezeOverride.reason} (${person(entry.freezeOverride.by)})` : '',
      commits: entry.commits.map((c) => c.sha).join('; '),
      related: '',
      supersedes: entry.supersedes ?? '',
      origin: entry.origin ?? 'git',
    };
  }
  if (entry.schema === 'changetrail/deployment') {
    const kind = entry.kind === 'rollback' ? 'rollback' : 'deployment';
    return {
      ...base,
      type: kind,
      systems: '',
      change: kind === 'rollback' ? `Rollback to ${entry.commit}` : `Deployed ${entry.commit}`,
      who: person(entry.by),
      reason: entry.note ?? '',
      rollback_plan: entry.previousCommit ? `redeploy ${entry.previousCommit}` : '',
      tickets: '',
      risk: '',
      freeze_override: entry.freezeOverride ? `${entry.freezeOverride.reason} (${person(entry.freezeOverride.by)})` : '',
      commits: entry.commit,
      related: [...entry.records, ...(entry.rollsBack ? [`rolls back ${entry.rollsBack}`] : []), ...(entry.incident ? [`incident ${entry.incident}`] : [])].join('; '),
    };
  }
  return {
    ...base,
    type: 'incident',
    systems: entry.systems.join('; '),
    change: `${entry.title} [${entry.status}, level ${entry.level}, ${entry.impact}]`,
    who: person(entry.by),
    reason: entry.cause?.summary ?? '',
    rollback_plan: entry.fix ?? '',
    tickets: (entry.followUps ?? []).join('; '),
    risk: '',
    freeze_override: '',
    commits: '',
    related: [entry.cause?.deployment, entry.cause?.change].filter(Boolean).join('; '),
    supersedes: entry.supersedes ?? '',
    origin: entry.alert ? entry.alert.source : '',
  };
}

function person(p: { name: string; email: string }): string {
  return p.email ? `${p.name} <${p.email}>` : p.name;
}
