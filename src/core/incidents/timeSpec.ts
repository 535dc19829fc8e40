import { type Clock } from '../clock';
import { instantOfWallTime } from '../checklist/zonedTime';
import { ChangeTrailError } from '../errors';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(\d{1,6})\s*(s|m|min|h|d|w)$/i;
const AGO = /^(\d{1,6})\s*(s|m|min|h|d|w)\s+ago$/i;
const WALL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;

/** A duration such as `24h`, `90m`, `2d`, `1w` in milliseconds; throws BadRange naming the option otherwise. */
export function parseDuration(text: string, option = '--window'): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new ChangeTrailError('BadRange', `${option} "${text}" is not a duration such as 24h, 90m, 2d or 1w`);
  const ms = Number(m[1]) * UNIT_MS[m[2].toLowerCase()];
  if (ms <= 0) throw new ChangeTrailError('BadRange', `${option} must be longer than 0`);
  return ms;
}

/**
 * An instant from what a person types at 6 AM: `now`, `2h ago`, an ISO time with a zone
 * (2026-11-30T06:10:00Z), or a wall time `2026-11-30 06:10` read in `timeZone` (the team's).
 * "Ago" is measured from `clock`, never from the machine's own time.
 */
export function parseAt(text: string, clock: Clock, timeZone: string, option = '--at'): number {
  const value = text.trim();
  if (value === '' || value.toLowerCase() === 'now') return clock.now();
  const ago = AGO.exec(value);
  if (ago) return clock.now() - Number(ago[1]) * UNIT_MS[ago[2].toLowerCase()];
  const wall = WALL.exec(value);
  if (wall) {
    const [, y, mo, d, h, mi] = wall.map(Number);
    return instantOfWallTime(y, mo, d, h, mi, timeZone).getTime();
  }
  // Only ISO with an explicit zone: Date.parse would read a zoneless one in the machine's zone.
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return ms;
  }
  throw new ChangeTrailError('BadRange', `${option} "${text}" is not a time: use "2h ago", "2026-11-30 06:10" (team time zone) or 2026-11-30T06:10:00Z`);
}
