import type { IncidentRecord } from '../records/changeRecord';

/**
 * Milliseconds of [from, to) covered by incidents of outage impact: each from detection to
 * resolution (or `now` while still open), overlapping incidents counted once.
 */
export function outageMs(incidents: readonly IncidentRecord[], from: number, to: number, now: number): number {
  const spans = incidents
    .filter((i) => i.impact === 'outage')
    .map((i) => [Math.max(from, Date.parse(i.detectedAt)), Math.min(to, i.resolvedAt ? Date.parse(i.resolvedAt) : now)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const [a, b] of spans) {
    if (a > end) {
      if (end > start) total += end - start;
      start = a;
      end = b;
    } else if (b > end) {
      end = b;
    }
  }
  if (end > start) total += end - start;
  return total;
}
