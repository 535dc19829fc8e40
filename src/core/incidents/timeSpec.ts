import { ChangeTrailError } from '../errors';
import { UNIT_MS } from '../time/atTime';

// parseAt lives with the other readers of typed times; it is named here too for its callers.
export { parseAt } from '../time/atTime';

const DURATION = /^(\d{1,6})\s*(s|m|min|h|d|w)$/i;

/** A duration such as `24h`, `90m`, `2d`, `1w` in milliseconds; throws BadRange naming the option otherwise. */
export function parseDuration(text: string, option = '--window'): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new ChangeTrailError('BadRange', `${option} "${text}" is not a duration such as 24h, 90m, 2d or 1w`);
  const ms = Number(m[1]) * UNIT_MS[m[2].toLowerCase()];
  if (ms <= 0) throw new ChangeTrailError('BadRange', `${option} must be longer than 0`);
  return ms;
}
