import { readTimeText } from './strictTime';

// `enforcement.since` and `gate.since` name a date or a time that every checker reads the same way,
// whatever the machine's zone: a date is midnight UTC, a time without a zone is UTC. It is read by
// the strict reader, so 2026-02-30 is refused rather than rolled over to 2 March.

/** The instant a `since` date or time names, in seconds since the epoch, or undefined when it names none. */
export function sinceTextSeconds(since: string): number | undefined {
  const read = readTimeText(since);
  if (read.kind === 'date') return Date.UTC(read.year, read.month - 1, read.day) / 1000;
  if (read.kind === 'instant') return Math.floor(read.ms / 1000);
  if (read.kind === 'wall') {
    const f = read.fields;
    return Math.floor(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond) / 1000);
  }
  return undefined;
}

/** Why `since` is neither a commit nor a calendar date or time, or undefined when it is one. */
export function sinceTextProblem(since: string): string | undefined {
  if (/^[0-9a-f]{7,40}$/i.test(since)) return undefined;
  const read = readTimeText(since);
  if (read.kind === 'invalid') return `"${since}" is not a date: ${read.problem}`;
  if (read.kind === 'unknown') return `"${since}" is neither a commit (7-40 hex digits) nor a date such as 2026-01-31 (a time such as 2026-01-31T09:00 is read as UTC)`;
  return undefined;
}
