import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../records/changeRecord';

// The compact facts the board's metrics and month decorations are computed from, instead of whole
// records: a change record keeps what the metrics read (no title, description, answers, flags…),
// a deployment its ids and kind, an incident all of itself (there are few). Facts are written as
// JSON tuples so a rebuild reads them back without the log; decoded, they are shaped as the records
// they came from (the metrics code is the same one the whole-log buildBoard runs).

/** A change record as facts: id, createdAt, changedAt, environment, systems, flags, supersedes, [sha, subject]... */
export type ChangeFact = ['c', string, string, string | 0, string, string[], number, string | 0, string[]];
/** A deployment as facts: id, createdAt, environment, flags, rollsBack, records. */
export type DeploymentFact = ['d', string, string, string, number, string | 0, string[]];
/** An incident entry, whole. */
export type IncidentFact = ['i', IncidentRecord];
export type EntryFact = ChangeFact | DeploymentFact | IncidentFact;

const NO_PLAN = 1;
const FREEZE_OVERRIDE = 2;
const ROLLBACK = 1;
// keyMetricsOf only asks whether there was an override.
const OVERRIDDEN = Object.freeze({ reason: 'override', by: Object.freeze({ name: '', email: '' }) });

/** The facts of one valid log entry. */
export function factOf(entry: LogEntry): EntryFact {
  if (entry.schema === 'changetrail/change') {
    const flags = (entry.rollbackPlan.trim() === '' ? NO_PLAN : 0) | (entry.freezeOverride ? FREEZE_OVERRIDE : 0);
    return ['c', entry.id, entry.createdAt, entry.changedAt ?? 0, entry.environment, entry.systems.map((s) => s.name), flags, entry.supersedes ?? 0, entry.commits.flatMap((c) => [c.sha, c.subject])];
  }
  if (entry.schema === 'changetrail/deployment') {
    const flags = (entry.kind === 'rollback' ? ROLLBACK : 0) | (entry.freezeOverride ? FREEZE_OVERRIDE : 0);
    return ['d', entry.id, entry.createdAt, entry.environment, flags, entry.rollsBack ?? 0, [...entry.records]];
  }
  return ['i', entry];
}

/** Every fact of a board, decoded into record-shaped objects, plus the ids seen (a log copied into two places counts once). */
export class BoardFacts {
  readonly changes: ChangeRecord[] = [];
  readonly deployments: DeploymentRecord[] = [];
  readonly incidentEntries: IncidentRecord[] = [];
  private readonly ids = new Set<string>();
  // Most changes name one of a few system lists: one array each, not one per record.
  private readonly systemLists = new Map<string, { name: string; criticality: 'medium' }[]>();

  /** How many entries (distinct ids). */
  get size(): number {
    return this.ids.size;
  }

  /** Forgets everything (a cache that turned out unusable half-way through loading). */
  clear(): void {
    this.changes.length = 0;
    this.deployments.length = 0;
    this.incidentEntries.length = 0;
    this.ids.clear();
  }

  /** Adds a fact; false when its id was seen already. */
  add(fact: EntryFact): boolean {
    const id = fact[0] === 'i' ? fact[1].id : fact[1];
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (fact[0] === 'c') this.changes.push(this.change(fact));
    else if (fact[0] === 'd') this.deployments.push(deployment(fact));
    else this.incidentEntries.push(fact[1]);
    return true;
  }

  private change(f: ChangeFact): ChangeRecord {
    const [, id, createdAt, changedAt, environment, names, flags, supersedes, commits] = f;
    const key = names.join('\n');
    let systems = this.systemLists.get(key);
    if (!systems) this.systemLists.set(key, (systems = names.map((name) => ({ name, criticality: 'medium' as const }))));
    const out: Record<string, unknown> = {
      schema: 'changetrail/change',
      id,
      createdAt,
      environment,
      systems,
      commits: pairs(commits),
      rollbackPlan: flags & NO_PLAN ? '' : 'kept',
    };
    if (changedAt) out.changedAt = changedAt;
    if (supersedes) out.supersedes = supersedes;
    if (flags & FREEZE_OVERRIDE) out.freezeOverride = OVERRIDDEN;
    return out as unknown as ChangeRecord;
  }
}

function pairs(flat: readonly string[]): { sha: string; subject: string }[] {
  const out: { sha: string; subject: string }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ sha: flat[i], subject: flat[i + 1] });
  return out;
}

function deployment(f: DeploymentFact): DeploymentRecord {
  const [, id, createdAt, environment, flags, rollsBack, records] = f;
  const out: Record<string, unknown> = { schema: 'changetrail/deployment', id, createdAt, environment, records };
  if (flags & ROLLBACK) out.kind = 'rollback';
  if (rollsBack) out.rollsBack = rollsBack;
  if (flags & FREEZE_OVERRIDE) out.freezeOverride = OVERRIDDEN;
  return out as unknown as DeploymentRecord;
}
