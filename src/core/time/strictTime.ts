import { instantOfWallTime, wallTimeAt } from '../checklist/zonedTime';
import { ChangeTrailError } from '../errors';

// Every place that turns a person's text into a time reads it here. Date.parse and Date.UTC roll
// impossible fields over (2026-02-30 is 2 March, 23:60 is the next hour) and read "1" or a zoneless
// time in whatever way the engine likes; a person who typed 30 February made a mistake to be told.

/** A calendar date and wall-clock time as typed, before any time zone is applied. */
export interface WallFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** What a piece of text names: an instant (it had a zone), a wall time, a date, or nothing valid. */
export type TimeText =
  | { readonly kind: 'instant'; readonly ms: number }
  /** `seconds`: whether seconds were typed (2026-11-30T06:10:00 looks like a machine's ISO time, not a person's). */
  | { readonly kind: 'wall'; readonly fields: WallFields; readonly seconds: boolean }
  | { readonly kind: 'date'; readonly year: number; readonly month: number; readonly day: number }
  /** The shape of a time, with a field out of range: `problem` says which, e.g. "month 13 is not 01-12". */
  | { readonly kind: 'invalid'; readonly problem: string }
  /** Not the shape of a time at all. */
  | { readonly kind: 'unknown' };

/** Years a change log can hold: the clock's epoch to the last four-digit year. */
export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Whether `year` is a leap year of the Gregorian calendar. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days of `month` (1-12) in `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const two = (n: number) => String(n).padStart(2, '0');

/** Why year-month-day is not a date of the calendar, or undefined when it is one. */
export function dateProblem(year: number, month: number, day: number): string | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR) return `year ${String(year).padStart(4, '0')} is not ${MIN_YEAR}-${MAX_YEAR}`;
  if (month < 1 || month > 12) return `month ${two(month)} is not 01-12`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `day ${two(day)} is not in ${MONTHS[month - 1]} ${year}, which has days 01-${days}`;
  return undefined;
}

/** Why hour:minute:second is not a time of day (00:00:00-23:59:59), or undefined. */
export function timeOfDayProblem(hour: number, minute: number, second = 0): string | undefined {
  if (hour > 23) return `hour ${two(hour)} is not 00-23`;
  if (minute > 59) return `minute ${two(minute)} is not 00-59`;
  if (second > 59) return `second ${two(second)} is not 00-59`;
  return undefined;
}

/** Epoch ms of a UTC wall time whose fields are in range (Date.UTC would read years 0-99 as 19xx). */
function utcMs(f: WallFields): number {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond);
  return d.getTime();
}

/**
 * Reads `text` strictly: `YYYY-MM-DD`, or `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` with an optional zone
 * (`Z`, `+01:00`, `+0100`, `+01`). Every field is checked against the calendar: nothing rolls over.
 */
export function readTimeText(text: string): TimeText {
  const value = text.trim();
  const date = DATE.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1, 4).map(Number);
    const problem = dateProblem(year, month, day);
    return problem ? { kind: 'invalid', problem } : { kind: 'date', year, month, day };
  }
  const m = DATE_TIME.exec(value);
  if (!m) return { kind: 'unknown' };
  const [year, month, day, hour, minute] = m.slice(1, 6).map(Number);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const problem = dateProblem(year, month, day) ?? timeOfDayProblem(hour, minute, second);
  if (problem) return { kind: 'invalid', problem };
  const fields: WallFields = { year, month, day, hour, minute, second, millisecond: m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000) };
  if (m[8] === undefined && m[9] === undefined) return { kind: 'wall', fields, seconds: m[6] !== undefined };
  if (m[8] !== undefined) return { kind: 'instant', ms: utcMs(fields) };
  const offsetHours = Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return { kind: 'invalid', problem: `offset ${m[9]}${m[10]}:${m[11] ?? '00'} is not -23:59 to +23:59` };
  const offset = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return { kind: 'instant', ms: utcMs(fields) - offset };
}

/**
 * The instant a wall clock in `timeZone` shows `fields`. Throws BadRange naming `option` when the
 * clocks skip that time (the hour lost when DST starts): it happened at no instant. A time that
 * happens twice when clocks go back is the first one.
 */
export function instantOfWallFields(fields: WallFields, timeZone: string, option: string, text: string): number {
  const minute = instantOfWallTime(fields.year, fields.month, fields.day, fields.hour, fields.minute, timeZone).getTime();
  const back = wallTimeAt(minute, timeZone);
  if (back.year !== fields.year || back.month !== fields.month || back.day !== fields.day || back.hour !== fields.hour || back.minute !== fields.minute) {
    const after = `${String(back.year).padStart(4, '0')}-${two(back.month)}-${two(back.day)} ${two(back.hour)}:${two(back.minute)}`;
    throw new ChangeTrailError('BadRange', `${option} "${text}" does not exist in ${timeZone}, whose clocks jump over it that day (did you mean ${after}?)`);
  }
  return minute + fields.second * 1000 + fields.millisecond;
}

/**
 * An ISO 8601 time with an explicit zone (2026-11-30T06:10:00Z, 2026-11-30T07:10:00+01:00) in
 * epoch ms. Anything else, a zoneless time included, throws BadRange naming `option`.
 */
export function parseIsoInstant(text: string, option: string): number {
  const read = readTimeText(text);
  if (read.kind === 'instant') return read.ms;
  if (read.kind === 'invalid') throw new ChangeTrailError('BadRange', `${option} "${text}" is not a time: ${read.problem}`);
  if (read.kind === 'wall') throw new ChangeTrailError('BadRange', `${option} "${text}" has no time zone: end it with Z or an offset, e.g. 2026-11-30T06:10:00Z or 2026-11-30T07:10:00+01:00`);
  throw new ChangeTrailError('BadRange', `${option} "${text}" is not an ISO time with a zone such as 2026-11-30T06:10:00Z or 2026-11-30T07:10:00+01:00`);
}
