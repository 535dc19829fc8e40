import { ChangeTrailError } from './errors';
import { parseIsoInstant } from './time/strictTime';

/**
 * The one source of "now". Every time-dependent path in core takes a Clock (or a Date taken from
 * one) as an argument; the host and the CLI build theirs with `clockFromEnv`, tests pass
 * `fixedClock`. No core function calls `new Date()` or `Date.now()` for a decision.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock stopped at `at` (an ISO string, a Date or epoch ms): for unit tests. */
export function fixedClock(at: string | number | Date): Clock {
  const ms = toMs(at);
  return { now: () => ms };
}

/**
 * A clock that starts at `at` and then runs at real speed: for integration and UI suites, where
 * timeouts and "ago" labels still need time to pass.
 */
export function shiftedClock(at: string | number | Date, base: Clock = systemClock): Clock {
  const offset = toMs(at) - base.now();
  return { now: () => base.now() + offset };
}

/** The name of the environment variable that fixes the clock of the extension host and the CLI. */
export const CLOCK_ENV = 'CHANGETRAIL_NOW';

/**
 * The clock for a process: the system clock, unless CHANGETRAIL_NOW holds an ISO time, in which
 * case time starts there and runs on. Tests set it so no suite depends on the real date, weekday
 * or hour. `onFixed` is told once, so the CLI and the host can say the clock is not the real one
 * (a gate or a freeze check run with a fixed clock must not pass silently).
 */
export function clockFromEnv(env: Readonly<Record<string, string | undefined>>, onFixed?: (iso: string) => void): Clock {
  const value = env[CLOCK_ENV]?.trim();
  if (!value) return systemClock;
  // Strictly ISO with a zone: Date.parse took "-1" (2001), "12" or a zoneless time read in the
  // machine's zone. BadInput, not a plain Error: the CLI answers a bad environment variable as bad
  // usage (exit 2), not as its own fault.
  let ms: number;
  try {
    ms = parseIsoInstant(value, CLOCK_ENV);
  } catch (error) {
    throw new ChangeTrailError('BadInput', `${CLOCK_ENV}=${JSON.stringify(value)} is not a time (${(error as Error).message.replace(/^\S+ "[^"]*" /, '')}): set it to an ISO time with a zone such as 2026-11-27T16:00:00Z, or unset it for the real clock`);
  }
  onFixed?.(new Date(ms).toISOString());
  return shiftedClock(ms);
}

/** `clock.now()` as a Date. */
export function nowDate(clock: Clock): Date {
  return new Date(clock.now());
}

function toMs(at: string | number | Date): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(at)}`);
  return ms;
}
