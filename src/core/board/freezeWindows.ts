import { freezeAt, freezeCovers } from '../checklist/freezeWindow';
import { localTimeZone } from '../checklist/zonedTime';
import type { TeamConfig } from '../config/teamConfigSchema';

const STEP = 15 * 60_000;

/**
 * The freeze windows of each environment between `from` and `to`, as intervals the timeline shades.
 * Walks the range in quarter hours and follows each window to its end with freezeAt, so weekly
 * windows, listed dates and DST switches come out as the checklist sees them (freezeCovers says
 * first, without words, whether a quarter hour is in a window at all).
 */
export function freezeWindows(config: TeamConfig, environments: readonly string[], from: number, to: number): { environment: string; from: number; to: number; label: string }[] {
  const out: { environment: string; from: number; to: number; label: string }[] = [];
  const timeZone = config.freeze.timeZone ?? localTimeZone();
  // freezeAt asked only where a window covers the quarter hour (it reads the same zone).
  const covers = freezeCovers(config.freeze, config.freeze.timeZone?.trim() || timeZone);
  for (const environment of environments) {
    let t = Math.floor(from / STEP) * STEP;
    while (t < to) {
      const hit = covers(t) ? freezeAt(new Date(t), config.freeze, environment, timeZone) : undefined;
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
