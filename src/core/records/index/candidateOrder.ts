/**
 * The candidates in two parts, all of the first before any of the second in the asked order: when
 * a few of many are wanted (the newest deployment of 50,000), only the first part gets sorted,
 * found by a native sort of the times; the second is sorted only if the first runs out.
 */
export function* firstFew(candidates: number[], limit: number, newest: boolean, time: (n: number) => number): Generator<number[]> {
  const few = Math.max(limit * 8, 256);
  if (!Number.isFinite(limit) || candidates.length < 4096 || few * 2 > candidates.length) {
    yield candidates;
    return;
  }
  const times = Float64Array.from(candidates, time).sort();
  const threshold = newest ? times[times.length - few] : times[few - 1];
  const first = (n: number) => (newest ? time(n) >= threshold : time(n) <= threshold);
  yield candidates.filter(first);
  yield candidates.filter((n) => !first(n));
}
