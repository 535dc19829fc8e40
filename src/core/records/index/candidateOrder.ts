import type { IndexQuery } from './changeLogIndex';
import { idList, inRange } from './entryFilter';
import { firstAtLeast, sortedHas } from './firstAtLeast';
import { type KeyKind, orderableTime } from './entryKeys';
import type { EntryList, EntryTable } from './entryTable';

/**
 * Entry numbers that may answer the query, in parts for answerOf (each sorted there; all of a part
 * come before any of the next in the asked order): the shortest of the lists of the keys it names
 * and of the entries of its kind (else all), cut by the others, kind and time. A few of the newest (a limit)
 * are found walking back from the end, which stops once no earlier entry can be as new as the few
 * found: the newest deployment of 300,000 production entries is a walk of a few entries, not of
 * all of them.
 */
export function candidatesOf(table: EntryTable, query: IndexQuery): Iterable<number[]> {
  const keyed: [KeyKind, string | undefined][] = [
    ['sha', query.sha],
    ['ticket', query.ticket],
    ['branch', query.branch],
    ['environment', query.environment],
    ['system', query.system],
    // Records from before the field have no origin key: only "manual" narrows.
    ['origin', query.origin === 'manual' ? 'manual' : undefined],
  ];
  // Every list an answer must be in (each key it names, its kind): the shortest is walked, the
  // others are asked of each entry walked.
  const lists: EntryList[] = [];
  for (const [kind, value] of keyed) if (value !== undefined) lists.push(table.lookup(kind, value));
  for (const kind of ['carries', 'rollsBack'] as const) {
    const ids = idList(query[kind]);
    if (ids !== undefined) lists.push([...new Set(ids.flatMap((id) => [...table.lookup(kind, id)]))].sort((a, b) => a - b));
  }
  const { kinds, times } = table;
  const kind = query.schema === undefined ? -1 : table.kindOf(query.schema);
  if (kind >= 0) lists.push(table.entriesOfKind(kind));
  lists.sort((a, b) => a.length - b.length);
  const [pool, ...others] = lists as [EntryList | undefined, ...EntryList[]];
  const { since, until } = query;
  // Only entries numbered within the range's bounds can lie in it: the rest is never looked at.
  const [from, to] = table.entryRange(since, until);
  const accept = (n: number) => n < table.count && (kind < 0 || kinds[n] === kind) && inRange(times[n], since, until) && others.every((list) => sortedHas(list, n));
  // Positions [lo, hi) of the pool (or of the table) to look at, and the entry at each.
  const lo = pool ? firstAtLeast(pool, from) : from;
  const hi = pool ? firstAtLeast(pool, to) : to;
  const at = pool ? (i: number) => pool[i] : (i: number) => i;
  const limit = query.limit ?? Infinity;
  const newest = (query.order ?? 'newest') === 'newest';
  if (Number.isFinite(limit) && newest) return newestParts(table, lo, hi, at, accept, Math.max(limit * 8, 256));
  const out: number[] = [];
  for (let i = lo; i < hi; i++) if (accept(at(i))) out.push(at(i));
  return firstFew(out, limit, newest, (n) => timeOf(table, n));
}

function timeOf(table: EntryTable, n: number): number {
  return orderableTime(table.times[n]);
}

/**
 * The accepted entries at positions [lo, hi) in two parts, newest first: those at least as new as
 * the few-th newest, found walking back from hi until nothing earlier can be (the table's latest
 * time up to an entry says so), then, only if asked for, all the rest.
 */
function* newestParts(table: EntryTable, lo: number, hi: number, at: (i: number) => number, accept: (n: number) => boolean, few: number): Generator<number[]> {
  const walked: number[] = [];
  const top: number[] = []; // the few newest times seen, newest first
  let i = hi - 1;
  for (; i >= lo; i--) {
    const n = at(i);
    if (top.length === few && table.latestUpToEntry(n) < top[few - 1]) break;
    if (!accept(n)) continue;
    walked.push(n);
    keepNewest(top, timeOf(table, n), few);
  }
  if (i < lo) {
    yield walked;
    return;
  }
  const threshold = top[few - 1];
  yield walked.filter((n) => timeOf(table, n) >= threshold);
  const rest = walked.filter((n) => timeOf(table, n) < threshold);
  for (; i >= lo; i--) if (accept(at(i))) rest.push(at(i));
  yield rest;
}

// Inserts t into `top` (newest first), keeping at most `few`.
function keepNewest(top: number[], t: number, few: number): void {
  if (top.length === few && t <= top[few - 1]) return;
  let a = 0;
  let b = top.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (top[mid] >= t) a = mid + 1;
    else b = mid;
  }
  top.splice(a, 0, t);
  if (top.length > few) top.pop();
}

/**
 * The candidates in two parts, all of the first before any of the second in the asked order: when
 * a few of many are wanted (the newest deployment of 50,000), only the first part gets sorted,
 * found in one pass; the second is sorted only if the first runs out.
 */
export function* firstFew(candidates: number[], limit: number, newest: boolean, time: (n: number) => number): Generator<number[]> {
  const few = Math.max(limit * 8, 256);
  if (!Number.isFinite(limit) || candidates.length < 4096 || few * 2 > candidates.length) {
    yield candidates;
    return;
  }
  const threshold = nthTime(candidates, few, newest, time);
  const first = (n: number) => (newest ? time(n) >= threshold : time(n) <= threshold);
  yield candidates.filter(first);
  yield candidates.filter((n) => !first(n));
}

// The few-th newest (or oldest) time: a short sorted list, filled walking from the end the log
// grows at, so that nearly every later candidate is rejected with one comparison.
function nthTime(candidates: readonly number[], few: number, newest: boolean, time: (n: number) => number): number {
  const top: number[] = []; // best first
  const better = newest ? (a: number, b: number) => a > b : (a: number, b: number) => a < b;
  for (let k = 0; k < candidates.length; k++) {
    const t = time(candidates[newest ? candidates.length - 1 - k : k]);
    if (top.length === few && !better(t, top[few - 1])) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (better(top[mid], t) || top[mid] === t) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, t);
    if (top.length > few) top.pop();
  }
  return top[top.length - 1];
}
