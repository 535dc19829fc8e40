import type { LogProblem } from '../records/changeLogReader';

/** How many line numbers of one log the manifest lists; the count is always whole. */
export const SKIPPED_LINES_LISTED = 100;
/** How many line numbers the warning on stderr names. */
const SKIPPED_LINES_SAID = 10;

/**
 * Lines of a source log an export could not include: unreadable, or without a valid time
 * (its index's problems). Their time is unknown, so whether they fall in the period cannot be told.
 */
export interface SkippedLines {
  /** The log as the manifest's sources name it. */
  readonly log: string;
  readonly count: number;
  /** The first SKIPPED_LINES_LISTED line numbers (1-based), ascending. */
  readonly lines: readonly number[];
}

/** The skipped lines of `log` from its index's problems (a line with several problems counts once); undefined when there are none. */
export function skippedLinesOf(log: string, problems: readonly LogProblem[]): SkippedLines | undefined {
  const lines = [...new Set(problems.map((p) => p.line))].sort((a, b) => a - b);
  if (lines.length === 0) return undefined;
  return { log, count: lines.length, lines: lines.slice(0, SKIPPED_LINES_LISTED) };
}

/** One line for stderr: how many lines of the log the export left out, and which. */
export function skippedLinesWarning(skipped: SkippedLines): string {
  const named = skipped.lines.slice(0, SKIPPED_LINES_SAID).join(', ');
  const more = skipped.count > SKIPPED_LINES_SAID ? ` and ${skipped.count - SKIPPED_LINES_SAID} more` : '';
  const s = skipped.count === 1 ? '' : 's';
  return `${skipped.log}: ${skipped.count} line${s} could not be read and ${skipped.count === 1 ? 'is' : 'are'} not in the export (line${s} ${named}${more}); the manifest counts ${skipped.count === 1 ? 'it' : 'them'} in skippedLines`;
}
