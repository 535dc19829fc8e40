import { instantOfWallTime, isoDate, wallTimeAt } from '../checklist/zonedTime';

/** A calendar period in a time zone: `key` is "2026-11" for a month or "2026-W48" for an ISO week. */
export interface Period {
  readonly key: string;
  readonly kind: 'week' | 'month';
  /** Epoch ms of the first instant of the period, inclusive. */
  readonly start: number;
  /** Epoch ms of the first instant after the period, exclusive. */
  readonly end: number;
  readonly timeZone: string;
}

const MONTH_KEY = /^(\d{4})-(\d{2})$/;
const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

/** The month `key` ("2026-11") in `timeZone`; throws a message naming `option` and the expected form otherwise. */
export function monthPeriod(key: string, timeZone: string, option = '--month'): Period {
  const m = MONTH_KEY.exec(key);
  if (!m) throw new Error(`${option} "${key}" is not a month; use YYYY-MM, e.g. 2026-11`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw new Error(`${option} "${key}" is not a month: month ${m[2]} is not 01-12`);
  const start = instantOfWallTime(year, month, 1, 0, 0, timeZone).getTime();
  const end = instantOfWallTime(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1, 0, 0, timeZone).getTime();
  return { key, kind: 'month', start, end, timeZone };
}

/** The ISO week `key` ("2026-W48", weeks start on Monday) in `timeZone`; a week the year does not have is refused. */
export function weekPeriod(key: string, timeZone: string, option = '--week'): Period {
  const m = WEEK_KEY.exec(key);
  if (!m) throw new Error(`${option} "${key}" is not an ISO week; use YYYY-Www, e.g. 2026-W48`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  const weeks = isoWeeksIn(year);
  if (week < 1 || week > weeks) throw new Error(`${option} "${key}" is not an ISO week: ${year} has weeks W01-W${weeks}`);
  // ISO week 1 is the week with the year's first Thursday; its Monday is at most 3 days before 4 January.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = 4 - ((jan4.getUTCDay() + 6) % 7);
  const day = mondayOfWeek1 + (week - 1) * 7;
  const start = instantOfWallTime(year, 1, day, 0, 0, timeZone).getTime();
  const end = instantOfWallTime(year, 1, day + 7, 0, 0, timeZone).getTime();
  return { key, kind: 'week', start, end, timeZone };
}

/** 53 when the year's ISO calendar has a week 53 (28 December always lies in the last week), else 52. */
export function isoWeeksIn(year: number): number {
  return isoWeekKey(year, 12, 28).endsWith('W53') ? 53 : 52;
}

/**
 * Periods found lately, per kind and zone: a board asks for the period of every entry of a log,
 * and the zone's calendar (Intl) is slow, while neighbouring entries nearly always share a period.
 */
const recent = new Map<string, Period[]>();
const RECENT = 64;

/** The period of `kind` that holds instant `at` in `timeZone`. */
export function periodOf(at: number, kind: 'week' | 'month', timeZone: string): Period {
  const cacheKey = `${kind} ${timeZone}`;
  let list = recent.get(cacheKey);
  if (!list) recent.set(cacheKey, (list = []));
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i];
    if (at >= p.start && at < p.end) return p;
  }
  const found = computePeriodOf(at, kind, timeZone);
  // Only a period that holds `at` may answer for it later (a zone's odd day could leave a gap).
  if (at >= found.start && at < found.end) {
    list.push(found);
    if (list.length > RECENT) list.shift();
  }
  return found;
}

function computePeriodOf(at: number, kind: 'week' | 'month', timeZone: string): Period {
  const wall = wallTimeAt(at, timeZone);
  if (kind === 'month') return monthPeriod(`${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}`, timeZone);
  return weekPeriod(isoWeekKey(wall.year, wall.month, wall.day), timeZone);
}

/** Every period of `kind` from the one holding `from` to the one holding `to`, oldest first. */
export function periodsBetween(from: number, to: number, kind: 'week' | 'month', timeZone: string): Period[] {
  const out: Period[] = [];
  let p = periodOf(from, kind, timeZone);
  while (p.start <= to) {
    out.push(p);
    p = periodOf(p.end, kind, timeZone);
  }
  return out;
}

/** The ISO week key of a calendar date. */
export function isoWeekKey(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const isoYear = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(isoYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${isoYear}-W${String(week).padStart(2, '0')}`;
}

/** An instant as an ISO 8601 local time with its offset in `timeZone`, e.g. 2026-11-30T06:10:00+01:00. */
export function isoInZone(at: number, timeZone: string): string {
  const wall = wallTimeAt(at, timeZone);
  const seconds = Math.floor((((at % 60_000) + 60_000) % 60_000) / 1000);
  const localAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, seconds);
  const offsetMin = Math.round((localAsUtc - (at - (((at % 1000) + 1000) % 1000))) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const offset = offsetMin === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const time = `${String(wall.hour).padStart(2, '0')}:${String(wall.minute).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return `${isoDate(wall)}T${time}${offset}`;
}
