import { type Clock } from '../clock';
import { ChangeTrailError } from '../errors';
import { instantOfWallFields, readTimeText } from './strictTime';

// The one reading of "when" a person gives (`changed --at`, `record --at`, an incident's
// --detected-at and --resolved-at): the same forms, the same zone, the same limits everywhere.

/** Milliseconds of each unit a duration or an "ago" may be given in. */
export const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const AGO = /^(\d{1,6})\s*(s|m|min|h|d|w)\s+ago$/i;

/** How far ahead of the clock a typed time may be (two machines' clocks disagree a little), in ms. */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * An instant from what a person types at 6 AM: `now`, `2h ago`, an ISO time with a zone
 * (2026-11-30T06:10:00Z), or a wall time `2026-11-30 06:10` read in `timeZone` (the team's).
 * "Ago" is measured from `clock`, never from the machine's own time. Impossible dates and times
 * (30 February, 23:60, an hour the clocks skip) and times more than FUTURE_SKEW_MS after the
 * clock are refused with BadRange naming `option`.
 */
export function parseAt(text: string, clock: Clock, timeZone: string, option = '--at'): number {
  const ms = atWithoutLimit(text, clock, timeZone, option);
  if (ms > clock.now() + FUTURE_SKEW_MS) {
    throw new ChangeTrailError('BadRange', `${option} "${text}" is after now (${new Date(clock.now()).toISOString().slice(0, 16)}Z): give a time that has already happened`);
  }
  return ms;
}

/**
 * Why `text` cannot be an --at time whatever the zone and clock (not a time, or a field out of
 * range), or undefined: for schemas that check a value before the team's zone is known.
 */
export function atTextProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '' || value.toLowerCase() === 'now' || AGO.test(value)) return undefined;
  const read = readTimeText(value);
  if (read.kind === 'instant' || (read.kind === 'wall' && !read.seconds)) return undefined;
  return problemOf(text, read, '');
}

function atWithoutLimit(text: string, clock: Clock, timeZone: string, option: string): number {
  const value = text.trim();
  if (value === '' || value.toLowerCase() === 'now') return clock.now();
  const ago = AGO.exec(value);
  if (ago) return clock.now() - Number(ago[1]) * UNIT_MS[ago[2].toLowerCase()];
  const read = readTimeText(value);
  if (read.kind === 'instant') return read.ms;
  if (read.kind === 'wall' && !read.seconds) return instantOfWallFields(read.fields, timeZone, option, text);
  throw new ChangeTrailError('BadRange', problemOf(text, read, `${option} `));
}

function problemOf(text: string, read: ReturnType<typeof readTimeText>, prefix: string): string {
  if (read.kind === 'invalid') return `${prefix}"${text}" is not a time: ${read.problem}`;
  // A zoneless ISO time with seconds is what a machine writes in its own zone: which one is unknown.
  if (read.kind === 'wall') return `${prefix}"${text}" has no time zone: end it with Z or an offset (+01:00), or write "${text.trim().slice(0, 16).replace(/[Tt]/, ' ')}" for the team time zone`;
  return `${prefix}"${text}" is not a time: use "2h ago", "2026-11-30 06:10" (team time zone) or 2026-11-30T06:10:00Z`;
}
