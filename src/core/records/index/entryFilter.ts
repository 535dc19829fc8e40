import type { LogEntry } from '../changeRecord';
import type { IndexQuery } from './changeLogIndex';
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
  const carries = idSet(query.carries);
  if (carries !== undefined && !(entry.schema === 'changetrail/deployment' && entry.records.some((id) => carries.has(id)))) return false;
  const rollsBack = idSet(query.rollsBack);
  if (rollsBack !== undefined && !(entry.schema === 'changetrail/deployment' && entry.rollsBack !== undefined && rollsBack.has(entry.rollsBack))) return false;
  return true;
}

// A query's ids as a set, made once per list: Record Deployment's note asks which of 100
// deployments carry any of its 200 records, and a list's includes() per record id was 400,000
// comparisons.
const idSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function idSet(ids: string | readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (ids === undefined) return undefined;
  if (typeof ids === 'string') return new Set([ids]);
  let set = idSets.get(ids);
  if (!set) idSets.set(ids, (set = new Set(ids)));
  return set;
}

/** A query's id or ids as a list (undefined when not asked). */
export function idList(ids: string | readonly string[] | undefined): readonly string[] | undefined {
  return typeof ids === 'string' ? [ids] : ids;
}

/** Shas by their first seven digits (lower case): a sha a record names is compared with its few namesakes only. */
export function shasByHead(shas: Iterable<string>): Map<string, string[]> {
  const byHead = new Map<string, string[]>();
  for (const sha of new Set(shas)) {
    const head = sha.slice(0, 7).toLowerCase();
    const list = byHead.get(head);
    if (list) list.push(sha);
    else byHead.set(head, [sha]);
  }
  return byHead;
}

/** The shas of `byHead` (shasByHead) that `named` names, full or abbreviated. */
export function namesakes(byHead: ReadonlyMap<string, readonly string[]>, named: string): string[] {
  return (byHead.get(named.slice(0, 7).toLowerCase()) ?? []).filter((sha) => sameCommit(named, sha));
}

/** Whether an entry is a change record naming one of `shas` (full or abbreviated). */
export function namesAnyOf(shas: readonly string[]): (entry: LogEntry) => boolean {
  // By first seven digits, so a file's thousands of commits are not compared pairwise.
  const byHead = shasByHead(shas);
  return (e) => e.schema === 'changetrail/change' && e.commits.some((c) => namesakes(byHead, c.sha).length > 0);
}
