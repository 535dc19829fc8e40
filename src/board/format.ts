/** Formatting shared by the board's pages: times in the board's zone, durations, shas. */

let zone = 'UTC';
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Sets the time zone the board shows times in (the team's). */
export function setTimeZone(timeZone: string): void {
  zone = timeZone;
  formatters.clear();
}

function formatter(kind: 'datetime' | 'date'): Intl.DateTimeFormat {
  let f = formatters.get(kind);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: 'short',
      day: '2-digit',
      ...(kind === 'datetime' ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
    });
    formatters.set(kind, f);
  }
  return f;
}

export const when = (ms: number) => formatter('datetime').format(ms);
export const day = (ms: number) => formatter('date').format(ms);
export const short = (sha: string) => sha.slice(0, 7);

/** A duration for people. */
export function duration(ms: number): string {
  if (ms < 3_600_000) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (ms < 48 * 3_600_000) return `${(ms / 3_600_000).toFixed(1).replace(/\.0$/, '')} h`;
  return `${(ms / 86_400_000).toFixed(1).replace(/\.0$/, '')} days`;
}

/** A value for a datetime-local input in the board's zone. */
export function localInputValue(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** The instant a datetime-local value names in the board's zone. */
export function fromLocalInput(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!m) return Number.NaN;
  const guess = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // Correct by the zone's offset at the guess (twice, for a DST switch in between).
  let t = guess;
  for (let i = 0; i < 2; i++) t = guess - (Date.parse(`${localInputValue(t)}:00Z`) - t);
  return t;
}
