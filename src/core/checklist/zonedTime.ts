import { readlinkSync } from 'node:fs';
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

// UTC has no offset to look up: its wall clock is read without Intl, whose first use starts ICU
// (tens of milliseconds of a short CLI run, such as a board build on a CI runner in UTC).
const UTC_NAMES = new Set(['UTC', 'Etc/UTC']);

// Asked once: making a DateTimeFormat to read it costs half a millisecond, on every note and check.
let local: string | undefined;

/** The time zone this process runs in (read once), the default for freeze windows. */
export function localTimeZone(): string {
  return (local ??= utcWithoutIntl(process.env.TZ, process.platform, readlinkSync) ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/**
 * "UTC" when the process's zone is plainly UTC (TZ says so, or on Linux /etc/localtime links to
 * the UTC zone file), as Intl names it then; undefined when only Intl can tell.
 */
export function utcWithoutIntl(tz: string | undefined, platform: string, readLink: (path: string) => string): string | undefined {
  if (tz !== undefined) return UTC_NAMES.has(tz) ? 'UTC' : undefined;
  if (platform !== 'linux') return undefined;
  try {
    return /\/zoneinfo\/(?:Etc\/)?UTC$/.test(readLink('/etc/localtime')) ? 'UTC' : undefined;
  } catch {
    return undefined;
  }
}

/** Throws ConfigInvalid unless `timeZone` is an IANA name the engine knows. */
export function assertTimeZone(timeZone: string): void {
  if (UTC_NAMES.has(timeZone)) return;
  formatterFor(timeZone);
}

function fields(ms: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
}

/** The offset at `ms` as the engine's time zone data gives it (one formatToParts). */
function exactOffset(ms: number, timeZone: string): number {
  const f = fields(ms, timeZone);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

// A zone's offset at the start of each 6-hour block of UTC, kept per zone: where a block starts
// and ends with the same offset there is no switch inside it (real zones switch at most twice a
// year), so every moment in it has that offset without asking Intl. A board's timeline asks the
// wall clock of thousands of quarter hours, a month key every record: one formatToParts each was
// most of a rebuild's time.
const BLOCK = 6 * 3_600_000;
const BLOCKS_KEPT = 200_000;
const blockOffsets = new Map<string, Map<number, number>>();

function blockStartOffset(block: number, timeZone: string): number {
  let zone = blockOffsets.get(timeZone);
  if (!zone) blockOffsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(block);
  if (offset === undefined) {
    if (zone.size >= BLOCKS_KEPT) zone.clear();
    offset = exactOffset(block * BLOCK, timeZone);
    zone.set(block, offset);
  }
  return offset;
}

/** How far `timeZone` is ahead of UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  if (!Number.isFinite(ms)) return exactOffset(ms, timeZone);
  if (UTC_NAMES.has(timeZone)) return 0;
  const block = Math.floor(ms / BLOCK);
  const start = blockStartOffset(block, timeZone);
  return start === blockStartOffset(block + 1, timeZone) ? start : exactOffset(ms, timeZone);
}

/** The wall clock in `timeZone` at `instant`. */
export function wallTimeAt(instant: Date | number, timeZone: string): WallTime {
  const ms = +instant;
  const wall = new Date(ms + offsetAt(ms, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), weekday: (wall.getUTCDay() + 6) % 7 };
}

/**
 * The instant a wall clock in `timeZone` shows the given local time (month 1-12; overflowing
 * days and minutes roll over, as with Date.UTC). A time that occurs twice when clocks go back
 * is the first one; a time skipped when clocks go forward is read with the offset before the
 * jump, which lands just after it. The rolling over is for calendar arithmetic ("day + 7"); text
 * a person typed goes through core/time/strictTime, which refuses what this would roll over.
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
