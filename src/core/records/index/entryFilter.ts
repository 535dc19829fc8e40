import type { IncidentRecord, LogEntry } from '../changeRecord';
import type { IndexQuery, TimeRange } from './changeLogIndex';
import { foldName } from './entryKeys';

/** The commits an entry names: a change record's commits, a deployment's commit. */
export function entryShas(entry: LogEntry): string[] {
  if (entry.schema === 'changetrail/change') return entry.commits.map((c) => c.sha);
  if (entry.schema === 'changetrail/deployment') return [entry.commit];
  return [];
}

/** Whether two shas name the same commit; records may hold abbreviated ones (7+ hex digits). */
export function sameCommit(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.length >= 7 && y.length >= 7 && (x.startsWith(y) || y.startsWith(x));
}

/** Whether createdAt (ms, NaN when unreadable) lies in [since, until). */
export function inRange(time: number, since: number | undefined, until: number | undefined): boolean {
  if (since === undefined && until === undefined) return true;
  return (since === undefined || time >= since) && (until === undefined || time < until);
}

/**
 * Whether a parsed entry meets every condition of the query except currentOnly, limit and order:
 * what the index's hashed keys only narrowed down is decided here.
 */
export function matchesQuery(entry: LogEntry, query: IndexQuery): boolean {
  if (query.schema !== undefined && entry.schema !== query.schema) return false;
  if (!inRange(Date.parse(entry.createdAt), query.since, query.until)) return false;
  if (query.sha !== undefined) {
    const sha = query.sha;
    if (!entryShas(entry).some((s) => sameCommit(s, sha))) return false;
  }
  if (query.ticket !== undefined && !(entry.schema === 'changetrail/change' && entry.tickets.includes(query.ticket))) return false;
  if (query.branch !== undefined && !(entry.schema === 'changetrail/change' && entry.branch === query.branch)) return false;
  if (query.origin !== undefined && !(entry.schema === 'changetrail/change' && (entry.origin ?? 'git') === query.origin)) return false;
  if (query.environment !== undefined && foldName(entry.environment) !== foldName(query.environment)) return false;
  if (query.system !== undefined) {
    const system = foldName(query.system);
    if (entry.schema === 'changetrail/change' && !entry.systems.some((s) => foldName(s.name) === system)) return false;
    if (entry.schema === 'changetrail/incident' && !entry.systems.some((s) => foldName(s) === system)) return false;
    if (entry.schema === 'changetrail/deployment') return false;
  }
  if (query.carries !== undefined) {
    const ids: readonly string[] = typeof query.carries === 'string' ? [query.carries] : query.carries;
    if (!(entry.schema === 'changetrail/deployment' && entry.records.some((id) => ids.includes(id)))) return false;
  }
  if (query.rollsBack !== undefined) {
    const ids: readonly string[] = typeof query.rollsBack === 'string' ? [query.rollsBack] : query.rollsBack;
    if (!(entry.schema === 'changetrail/deployment' && entry.rollsBack !== undefined && ids.includes(entry.rollsBack))) return false;
  }
  return true;
}

/** Whether an entry is a change record naming one of `shas` (full or abbreviated). */
export function namesAnyOf(shas: readonly string[]): (entry: LogEntry) => boolean {
  // By first seven digits, so a file's thousands of commits are not compared pairwise.
  const byHead = new Map<string, string[]>();
  for (const sha of shas) byHead.set(sha.slice(0, 7).toLowerCase(), [...(byHead.get(sha.slice(0, 7).toLowerCase()) ?? []), sha]);
  return (e) => e.schema === 'changetrail/change' && e.commits.some((c) => (byHead.get(c.sha.slice(0, 7).toLowerCase()) ?? []).some((sha) => sameCommit(c.sha, sha)));
}

/** The latest state of each incident among `entries` (oldest first), those detected in the range, newest first. */
export function latestStates(entries: readonly LogEntry[], range: TimeRange): IncidentRecord[] {
  const latest = new Map<string, IncidentRecord>();
  for (const entry of entries) if (entry.schema === 'changetrail/incident') latest.set(entry.incidentId, entry);
  return [...latest.values()]
    .filter((i) => inRange(Date.parse(i.detectedAt), range.since, range.until))
    .sort((a, b) => Date.parse(b.detectedAt) - Date.parse(a.detectedAt));
}
