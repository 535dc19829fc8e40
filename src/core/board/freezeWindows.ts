import { freezeAt } from '../checklist/freezeWindow';
import { localTimeZone } from '../checklist/zonedTime';
import type { TeamConfig } from '../config/teamConfigSchema';

const STEP = 15 * 60_000;

/**
 * The freeze windows of each environment between `from` and `to`, as intervals the timeline shades.
 * Walks the range in quarter hours and follows each window to its end with freezeAt, so weekly
 * windows, listed dates and DST switches come out as the checklist sees them.
 */
export function freezeWindows(config: TeamConfig, environments: readonly string[], from: number, to: number): { environment: string; from: number; to: number; label: string }[] {
  const out: { environment: string; from: number; to: number; label: string }[] = [];
  const timeZone = config.freeze.timeZone ?? localTimeZone();
  for (const environment of environments) {
    let t = Math.floor(from / STEP) * STEP;
    while (t < to) {
      const hit = freezeAt(new Date(t), config.freeze, environment, timeZone);
      if (!hit) {
        t += STEP;
        continue;
      }
      const end = hit.until ? Math.min(hit.until.getTime(), to) : to;
      out.push({ environment, from: t, to: end, label: hit.reason });
      t = Math.max(end, t + STEP);
    }
  }
  return out;
}
