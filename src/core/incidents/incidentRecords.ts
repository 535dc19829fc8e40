import type { Clock } from '../clock';
import { ChangeTrailError } from '../errors';
import { type IncidentRecord, incidentRecordSchema } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';
import { describeIssues } from '../records/changeLogReader';
import { ulid } from '../records/ulid';
import { FUTURE_SKEW_MS } from '../time/atTime';
import type { Suspect } from './whatChangedTypes';

type Person = IncidentRecord['by'];

/** What opening an incident takes; the suspects come from whatChanged. */
export interface OpenIncidentInput {
  readonly title: string;
  readonly environment: string;
  readonly systems: readonly string[];
  /** ISO. */
  readonly detectedAt: string;
  readonly impact: IncidentRecord['impact'];
  readonly level: number;
  readonly levelReason: string;
  readonly responders: readonly string[];
  readonly by: Person;
  readonly suspects: readonly Suspect[];
  readonly alert?: IncidentRecord['alert'];
  readonly status?: 'open' | 'mitigated';
  readonly notes?: string;
}

/** At most this many suspects are kept with an incident: the top of the ranking is what people read. */
export const MAX_SUSPECTS = 10;

/** The first record of an incident: its id is the incident's id. */
export function openIncidentRecord(input: OpenIncidentInput, clock: Clock): IncidentRecord {
  const now = clock.now();
  const id = ulid(now);
  return checked({
    schema: 'changetrail/incident',
    version: 1,
    id,
    incidentId: id,
    createdAt: new Date(now).toISOString(),
    title: input.title.trim(),
    environment: input.environment,
    systems: [...input.systems],
    detectedAt: input.detectedAt,
    impact: input.impact,
    level: input.level,
    levelReason: input.levelReason,
    status: input.status ?? 'open',
    responders: [...input.responders],
    by: input.by,
    suspects: input.suspects.slice(0, MAX_SUSPECTS).map(suspectEntry),
    ...(input.alert ? { alert: input.alert } : {}),
    ...(input.notes?.trim() ? { notes: input.notes.trim() } : {}),
  });
}

/** What an update may change; what it leaves out stays as it was. */
export type IncidentUpdate = Partial<Pick<IncidentRecord, 'title' | 'systems' | 'impact' | 'level' | 'levelReason' | 'status' | 'responders' | 'notes'>>;

/** The next state of an incident: a new record that supersedes `previous` (the log is never rewritten). */
export function updateIncidentRecord(previous: IncidentRecord, update: IncidentUpdate, by: Person, clock: Clock): IncidentRecord {
  if (previous.status === 'resolved' && update.status !== 'open') throw new ChangeTrailError('BadRange', `Incident ${previous.incidentId} is resolved; reopen it with --status open to change it`);
  const now = clock.now();
  const defined = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
  return checked({ ...previous, ...defined, id: ulid(now), supersedes: previous.id, createdAt: new Date(now).toISOString(), by });
}

/** What resolving an incident records. */
export interface ResolveInput {
  /** ISO; default now. */
  readonly resolvedAt?: string;
  readonly cause: NonNullable<IncidentRecord['cause']>;
  readonly fix: NonNullable<IncidentRecord['fix']>;
  readonly lessons?: string;
  readonly followUps?: readonly string[];
}

/** The resolved state of an incident: cause, what fixed it, lessons and follow-up tickets. */
export function resolveIncidentRecord(previous: IncidentRecord, input: ResolveInput, by: Person, clock: Clock): IncidentRecord {
  if (previous.status === 'resolved') throw new ChangeTrailError('BadRange', `Incident ${previous.incidentId} is already resolved (${previous.resolvedAt ?? previous.createdAt})`);
  const now = clock.now();
  const detected = Date.parse(previous.detectedAt);
  // Resolved "now" on a machine whose clock is a little behind the one that opened the incident:
  // resolved when detected, not refused (a typed --resolved-at before detection still is).
  const behind = input.resolvedAt === undefined && now < detected && detected - now <= FUTURE_SKEW_MS;
  const resolvedAt = input.resolvedAt ?? new Date(behind ? detected : now).toISOString();
  if (Date.parse(resolvedAt) < detected) throw new ChangeTrailError('BadRange', `resolved at ${resolvedAt} is before the incident was detected (${previous.detectedAt})`);
  return checked({
    ...previous,
    id: ulid(now),
    supersedes: previous.id,
    createdAt: new Date(now).toISOString(),
    by,
    status: 'resolved',
    resolvedAt,
    cause: input.cause,
    fix: input.fix,
    ...(input.lessons?.trim() ? { lessons: input.lessons.trim() } : {}),
    ...(input.followUps && input.followUps.length > 0 ? { followUps: [...input.followUps] } : {}),
  });
}

/**
 * The latest state of the incident `ref` names: its id (or any of its records' ids), or the
 * unambiguous start of one; `latest` takes the newest incident still open. Throws a clear error otherwise.
 */
export async function findIncident(index: ChangeLogIndex, ref: string): Promise<IncidentRecord> {
  const all = await index.incidents();
  const wanted = ref.trim().toUpperCase();
  if (wanted === 'LATEST') {
    const open = all.find((i) => i.status !== 'resolved');
    if (!open) throw new ChangeTrailError('BadRange', 'No incident is open.');
    return open;
  }
  const direct = await index.get(wanted);
  if (direct?.schema === 'changetrail/incident') {
    const latest = all.find((i) => i.incidentId === direct.incidentId);
    if (latest) return latest;
  }
  const matches = wanted.length >= 4 ? all.filter((i) => i.incidentId.startsWith(wanted)) : [];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new ChangeTrailError('BadRange', `"${ref}" names ${matches.length} incidents: give more of the id (${matches.slice(0, 3).map((i) => i.incidentId).join(', ')})`);
  throw new ChangeTrailError('BadRange', `No incident "${ref}" in the change log${all.length > 0 ? ` (newest: ${all[0].incidentId} "${all[0].title}")` : ''}`);
}

function suspectEntry(s: Suspect): IncidentRecord['suspects'][number] {
  const reasons = [s.title, ...s.reasons];
  if (s.source === 'record') return { deployment: s.deployment, ...(s.recordId ? { change: s.recordId } : {}), score: s.score, reasons };
  if (s.source === 'manual') return { ...(s.recordId ? { change: s.recordId } : {}), score: s.score, reasons };
  // Tags and bare commits have no log id: the reasons say which one.
  return { ...(s.recordId ? { change: s.recordId } : {}), score: s.score, reasons: [`${s.source} ${s.deployment}`, ...reasons] };
}

function checked(record: IncidentRecord): IncidentRecord {
  const parsed = incidentRecordSchema.safeParse(record);
  if (!parsed.success) throw new ChangeTrailError('ConfigInvalid', `Incident record refused: ${describeIssues(parsed.error.issues, record)}`);
  return parsed.data;
}
