import { ChangeTrailError } from '../errors';

// Wall-clock arithmetic in an IANA time zone with nothing but Intl: the engine's time zone data
// knows every DST switch, so "Friday 15:00 in Madrid" is right on both sides of one.

/** A wall-clock moment in some time zone; `weekday` is 0 for Monday to 6 for Sunday. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ChangeTrailError('ConfigInvalid', `"${timeZone}" is not a time zone; use an IANA name such as Europe/Madrid`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** The time zone this process runs in, the default for freeze windows. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Throws ConfigInvalid unless `timeZone` is an IANA name the engine knows. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

function fields(ms: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallTimeAt(instant: Date | number, timeZone: string): WallTime {
  const f = fields(+instant, timeZone);
  const weekday = (new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay() + 6) % 7;
  return { year: f.year, month: f.month, day: f.day, hour: f.hour, minute: f.minute, weekday };
}

/** How far `timeZone` is ahead of UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const f = fields(ms, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The instant a wall clock in `timeZone` shows the given local time (month 1-12; overflowing
 * days and minutes roll over, as with Date.UTC). A time that occurs twice when clocks go back
 * is the first one; a time skipped when clocks go forward is read with the offset before the
 * jump, which lands just after it.
 */
export function instantOfWallTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets on either side of any switch near `wall`; a day covers every real-world jump.
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => t + offsetAt(t, timeZone) === wall).sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - before);
}

/** A local date as `YYYY-MM-DD`, which sorts like the dates it names. */
export function isoDate(t: Pick<WallTime, 'year' | 'month' | 'day'>): string {
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}
