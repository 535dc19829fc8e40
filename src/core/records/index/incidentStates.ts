import type { IncidentRecord, LogEntry } from '../changeRecord';

/**
 * Whether `newer` really supersedes `older`: it names it and is another record, and the two are not
 * on a cycle of supersedes (hand edits) where `older` is the latest (by laterThan). A record naming
 * itself, or two naming each other, then still leave a current record instead of none. A clock that
 * was behind does not matter: only cycles are broken. `find` gives a record by id (same kind).
 */
export function supersedesEffectively(newer: LogEntry, older: LogEntry, find: (id: string) => LogEntry | undefined): boolean {
  if (!('supersedes' in newer) || newer.supersedes !== older.id || newer.id === older.id) return false;
  if (laterThan(newer, older)) return true;
  return !closesCycleAt(newer, older, find);
}

/** Whether walking back from `older` reaches `newer` and `older` is the latest of that cycle. */
function closesCycleAt(newer: LogEntry, older: LogEntry, find: (id: string) => LogEntry | undefined): boolean {
  const seen = new Set<string>([older.id]);
  for (let at: LogEntry | undefined = older; at && 'supersedes' in at && at.supersedes !== undefined; ) {
    if (at.supersedes === newer.id) return true;
    if (seen.has(at.supersedes)) return false;
    seen.add(at.supersedes);
    at = find(at.supersedes);
    if (at && laterThan(at, older)) return false;
  }
  return false;
}

/** Total order of log entries: createdAt as an instant, then id. */
export function laterThan(a: LogEntry, b: LogEntry): boolean {
  const by = Date.parse(a.createdAt) - Date.parse(b.createdAt);
  return by > 0 || (by === 0 && a.id > b.id);
}

// What an update may change, compared with the state it superseded to see whether it changed it.
const FIELDS = ['title', 'systems', 'impact', 'level', 'levelReason', 'status', 'responders', 'notes', 'resolvedAt', 'cause', 'fix', 'lessons', 'followUps'] as const;

/**
 * The current state of each incident among `records` (every record of it, superseded or not, any
 * order), newest detected first: the one place an incident's state is worked out.
 *
 * Two records superseding the same state (two people updating at once, or two clones' logs joined
 * by git's union merge) fork the incident. The fork is joined deterministically: a resolution stands
 * unless a later record reopened it; besides that, the latest record's fields, with what only the
 * other branch changed taken from it; notes, responders and follow-ups of both branches kept.
 */
export function currentIncidentStates(records: readonly LogEntry[]): IncidentRecord[] {
  const byIncident = new Map<string, Map<string, IncidentRecord>>();
  for (const r of records) {
    if (r.schema !== 'changetrail/incident') continue;
    let group = byIncident.get(r.incidentId);
    if (!group) byIncident.set(r.incidentId, (group = new Map()));
    // A line duplicated by a union merge is one record.
    if (!group.has(r.id)) group.set(r.id, r);
  }
  return [...byIncident.values()].map((group) => joined([...group.values()])).sort((a, b) => Date.parse(b.detectedAt) - Date.parse(a.detectedAt) || (a.incidentId < b.incidentId ? 1 : -1));
}

function joined(group: IncidentRecord[]): IncidentRecord {
  const byId = new Map(group.map((r) => [r.id, r]));
  const previous = (r: IncidentRecord) => {
    const p = r.supersedes === undefined ? undefined : byId.get(r.supersedes);
    return p && supersedesEffectively(r, p, (id) => byId.get(id)) ? p : undefined;
  };
  const replaced = new Set<string>();
  for (const r of group) {
    const p = previous(r);
    if (p) replaced.add(p.id);
  }
  const heads = group.filter((r) => !replaced.has(r.id)).sort((a, b) => (laterThan(a, b) ? 1 : -1));
  if (heads.length === 1) return heads[0];
  const reopens = (r: IncidentRecord) => r.status !== 'resolved' && previous(r)?.status === 'resolved';
  const resolution = heads.filter((r) => r.status === 'resolved').at(-1);
  const latest = heads[heads.length - 1];
  // A resolution is undone only by a reopening written after it, not by a note added meanwhile.
  const base = resolution && !heads.some((r) => reopens(r) && laterThan(r, resolution)) ? resolution : latest;
  const changed = (r: IncidentRecord, field: (typeof FIELDS)[number]) => {
    const p = previous(r);
    return p !== undefined && JSON.stringify(p[field]) !== JSON.stringify(r[field]);
  };
  const out: Record<string, unknown> = { ...base };
  for (const other of heads) {
    if (other === base) continue;
    for (const field of FIELDS) {
      // The status is the base's (resolution rule above); a resolution's details go with it.
      if (field === 'status' || field === 'resolvedAt' || field === 'cause' || field === 'fix') continue;
      if (field === 'notes' || field === 'responders' || field === 'followUps' || field === 'lessons') continue;
      if (changed(other, field) && !changed(base, field)) {
        out[field] = other[field];
        if (field === 'level') out.levelReason = other.levelReason;
      }
    }
    out.notes = addedLines(out.notes as string | undefined, other.notes);
    out.lessons = addedLines(out.lessons as string | undefined, base.status === 'resolved' ? other.lessons : undefined);
    out.responders = [...new Set([...(out.responders as string[]), ...other.responders])];
    if (other.followUps && base.status === 'resolved') out.followUps = [...new Set([...((out.followUps as string[] | undefined) ?? []), ...other.followUps])];
  }
  for (const key of ['notes', 'lessons'] as const) if (out[key] === undefined) delete out[key];
  return out as IncidentRecord;
}

/** `text` with the lines of `more` it lacks appended (counted, so a line said twice stays twice). */
function addedLines(text: string | undefined, more: string | undefined): string | undefined {
  if (!more) return text;
  if (!text) return more;
  const have = new Map<string, number>();
  for (const line of text.split('\n')) have.set(line, (have.get(line) ?? 0) + 1);
  const extra: string[] = [];
  for (const line of more.split('\n')) {
    const n = have.get(line) ?? 0;
    if (n > 0) have.set(line, n - 1);
    else extra.push(line);
  }
  return extra.length > 0 ? `${text}\n${extra.join('\n')}` : text;
}
