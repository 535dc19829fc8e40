import type { IndexQuery } from './changeLogIndex';
import { idList, inRange } from './entryFilter';
import { firstAtLeast } from './firstAtLeast';
import type { KeyKind } from './entryKeys';
import type { EntryList, EntryTable } from './entryTable';

/** Entry numbers that may answer the query: the shortest list of a key it names, else all, cut by kind and time. */
export function candidatesOf(table: EntryTable, query: IndexQuery): number[] {
  const keyed: [KeyKind, string | undefined][] = [
    ['sha', query.sha],
    ['ticket', query.ticket],
    ['branch', query.branch],
    ['environment', query.environment],
    ['system', query.system],
    // Records from before the field have no origin key: only "manual" narrows.
    ['origin', query.origin === 'manual' ? 'manual' : undefined],
  ];
  let pool: EntryList | undefined;
  for (const [kind, value] of keyed) {
    if (value === undefined) continue;
    const list = table.lookup(kind, value);
    if (!pool || list.length < pool.length) pool = list;
  }
  for (const kind of ['carries', 'rollsBack'] as const) {
    const ids = idList(query[kind]);
    if (ids === undefined) continue;
    const list = [...new Set(ids.flatMap((id) => [...table.lookup(kind, id)]))].sort((a, b) => a - b);
    if (!pool || list.length < pool.length) pool = list;
  }
  const { kinds, times } = table;
  const kind = query.schema === undefined ? -1 : table.kindOf(query.schema);
  const { since, until } = query;
  // Only entries numbered within the range's bounds can lie in it: the rest is never looked at.
  const [from, to] = table.entryRange(since, until);
  const out: number[] = [];
  if (pool) {
    for (let i = firstAtLeast(pool, from), end = firstAtLeast(pool, to); i < end; i++) {
      const n = pool[i];
      if (n < table.count && (kind < 0 || kinds[n] === kind) && inRange(times[n], since, until)) out.push(n);
    }
  } else {
    for (let n = from; n < to; n++) if ((kind < 0 || kinds[n] === kind) && inRange(times[n], since, until)) out.push(n);
  }
  return out;
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
