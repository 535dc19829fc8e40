import type { TeamConfig } from '../config/teamConfigSchema';
import { ChangeTrailError } from '../errors';
import { assertTimeZone, instantOfWallTime, isoDate, localTimeZone, wallTimeAt, type WallTime } from './zonedTime';

/** The team's freeze policy (`freeze` in the team config). */
export type FreezePolicy = TeamConfig['freeze'];

/** A freeze that covers a moment: which one, in words, and when changes are free again. */
export interface FreezeHit {
  readonly kind: 'weekly' | 'dates';
  /** The window in words: "Friday 15:00 to Monday 06:00" or "2024-12-20 to 2025-01-06". */
  readonly window: string;
  /** The reason the team gave for listed dates. */
  readonly label?: string;
  readonly timeZone: string;
  /** All of it in one line: "Friday 15:00 to Monday 06:00, Europe/Madrid". */
  readonly reason: string;
  /** When no freeze covers the environment any more; absent when the windows never end. */
  readonly until?: Date;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEK = 7 * 24 * 60;
// Back-to-back windows (a listed date ending on a Friday evening) hand over to each other.
const MAX_CHAINED = 16;

interface Found {
  readonly hit: Omit<FreezeHit, 'until'>;
  readonly end: number;
}

/** Minute of the week (Monday 00:00 is 0) of "fri 15:00"; "sun 24:00" is the end of the week. */
function minuteOfWeek(spec: string): number {
  const m = /^(mon|tue|wed|thu|fri|sat|sun) (\d{2}):(\d{2})$/.exec(spec.trim().toLowerCase());
  const hour = Number(m?.[2]);
  const minute = Number(m?.[3]);
  if (!m || minute > 59 || hour > 24 || (hour === 24 && minute > 0)) {
    throw new ChangeTrailError('ConfigInvalid', `freeze window time "${spec}" is not like "fri 15:00"`);
  }
  return (DAYS.indexOf(m[1]) * 1440 + hour * 60 + minute) % WEEK;
}

function describeSpec(spec: string): string {
  const [day, time] = spec.trim().toLowerCase().split(' ');
  return `${DAY_NAMES[DAYS.indexOf(day)]} ${time}`;
}

function weeklyHits(ms: number, w: WallTime, policy: FreezePolicy, timeZone: string): Found[] {
  const now = w.weekday * 1440 + w.hour * 60 + w.minute;
  const found: Found[] = [];
  for (const window of policy.weekly) {
    const from = minuteOfWeek(window.from);
    const to = minuteOfWeek(window.to);
    // A window that starts where it ends is empty, not the whole week.
    if (from === to) continue;
    const inside = from < to ? now >= from && now < to : now >= from || now < to;
    if (!inside) continue;
    const text = `${describeSpec(window.from)} to ${describeSpec(window.to)}`;
    // Count forward on the wall clock, then convert: across a DST switch Monday 06:00 stays 06:00.
    const end = wallEndAfter(ms, w.year, w.month, w.day, w.hour, w.minute + ((to - now + WEEK) % WEEK), timeZone);
    found.push({ hit: { kind: 'weekly', window: text, timeZone, reason: `${text}, ${timeZone}` }, end });
  }
  return found;
}

function dateHits(ms: number, w: WallTime, policy: FreezePolicy, timeZone: string): Found[] {
  const today = isoDate(w);
  const found: Found[] = [];
  for (const range of policy.dates) {
    const [first, last] = [range.from, range.to ?? range.from].sort();
    if (today < first || today > last) continue;
    const [y, m, d] = last.split('-').map(Number);
    const window = first === last ? first : `${first} to ${last}`;
    const label = range.reason?.trim() || undefined;
    const reason = label ? `${label}, ${window}, ${timeZone}` : `${window}, ${timeZone}`;
    // Inclusive: the freeze lifts at the local midnight that ends the last day.
    const end = wallEndAfter(ms, y, m, d + 1, 0, 0, timeZone);
    found.push({ hit: { kind: 'dates', window, ...(label ? { label } : {}), timeZone, reason }, end });
  }
  return found;
}

/**
 * The first instant after `after` at which the wall clock of `timeZone` shows this local time
 * (fields roll over as in instantOfWallTime). When clocks go back, a time that occurs twice whose
 * first occurrence is already past ends at its second: inside "sat 23:00 to sun 02:30" at the
 * second 02:15, the window ends at the second 02:30, not at the first (an hour ago).
 */
function wallEndAfter(after: number, year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = skippedEnd(+instantOfWallTime(year, month, day, hour, minute, timeZone), wall, timeZone);
  if (first > after) return first;
  // The offset a day later is the one after the switch: the second occurrence is read with it.
  const later = wallTimeAt(first + 86_400_000, timeZone);
  const offset = Date.UTC(later.year, later.month - 1, later.day, later.hour, later.minute) - Math.floor((first + 86_400_000) / 60_000) * 60_000;
  const second = wall - offset;
  const shown = wallTimeAt(second, timeZone);
  return second > after && Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute) === wall ? second : first;
}

// The wall clock at `ms` as a UTC timestamp, to compare with Date.UTC of a local time.
function wallMs(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
}

/**
 * A window that ends at a local time the clocks skip (New York's 02:30 on the spring-forward
 * night) ends when the clock jumps past it (03:00 EDT), the first minute the window's own test
 * reads as outside; instantOfWallTime reads the time with the offset before the jump (03:30 EDT),
 * so `until` said half an hour more than the freeze lasts (Lord Howe: 02:45 for a 02:15 end).
 */
function skippedEnd(instant: number, wall: number, timeZone: string): number {
  if (wallMs(instant, timeZone) === wall) return instant;
  // The jump is at most a few hours before `instant`: find its minute by halving.
  let lo = instant - 6 * 3_600_000;
  let hi = instant;
  if (wallMs(lo, timeZone) >= wall) return instant;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (wallMs(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

function hitsAt(ms: number, policy: FreezePolicy, timeZone: string): Found[] {
  const w = wallTimeAt(ms, timeZone);
  // Listed dates first: their reason says more than "it is Friday afternoon".
  return [...dateHits(ms, w, policy, timeZone), ...weeklyHits(ms, w, policy, timeZone)];
}

/**
 * Whether a moment falls in one of the policy's windows (a weekly window or a listed date), read
 * on the wall clock of `timeZone`: the first question freezeAt answers, without the words or the
 * window's end, for a walk over many moments (the board's timeline) that asks freezeAt only where
 * this says yes. Environments are not looked at: ask only for those the policy freezes.
 */
export function freezeCovers(policy: FreezePolicy, timeZone: string): (ms: number) => boolean {
  const minutes = new Uint8Array(WEEK);
  for (const window of policy.weekly) {
    const from = minuteOfWeek(window.from);
    const to = minuteOfWeek(window.to);
    if (from === to) continue;
    if (from < to) minutes.fill(1, from, to);
    else {
      minutes.fill(1, from, WEEK);
      minutes.fill(1, 0, to);
    }
  }
  const ranges = policy.dates.map((range) => [range.from, range.to ?? range.from].sort());
  return (ms) => {
    const w = wallTimeAt(ms, timeZone);
    if (minutes[w.weekday * 1440 + w.hour * 60 + w.minute]) return true;
    if (ranges.length === 0) return false;
    const today = isoDate(w);
    return ranges.some(([first, last]) => today >= first && today <= last);
  };
}

/**
 * Whether a change to `environment` at `instant` falls in a freeze: a weekly window or a listed
 * date range, read on the wall clock of `policy.timeZone` (else `defaultTimeZone`). Only the
 * policy's environments freeze. Throws ConfigInvalid for an unknown time zone or a bad window.
 */
export function freezeAt(instant: Date, policy: FreezePolicy, environment: string, defaultTimeZone: string = localTimeZone()): FreezeHit | undefined {
  const target = environment.trim().toLowerCase();
  if (!policy.environments.some((e) => e.trim().toLowerCase() === target)) return undefined;
  const timeZone = policy.timeZone?.trim() || defaultTimeZone;
  assertTimeZone(timeZone);
  const found = hitsAt(+instant, policy, timeZone);
  if (found.length === 0) return undefined;
  let until = Math.max(...found.map((f) => f.end));
  for (let i = 0; i < MAX_CHAINED; i++) {
    const next = hitsAt(until, policy, timeZone);
    if (next.length === 0) return { ...found[0].hit, until: new Date(until) };
    until = Math.max(until, ...next.map((f) => f.end));
  }
  return found[0].hit;
}
