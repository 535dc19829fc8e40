import type { LogProblem } from '../records/changeLogReader';

/**
 * What a note or digest says when lines of the change log could not be read: a posted "This Week
 * in Changes" or deployment note otherwise looks whole while records among those lines are missing
 * (the warning went only to a terminal or the output channel). Undefined when every line read.
 */
export function unreadableLinesNotice(problems: readonly LogProblem[]): string | undefined {
  if (problems.length === 0) return undefined;
  const lines = problems.slice(0, 3).map((p) => p.line).join(', ');
  const more = problems.length > 3 ? ', ...' : '';
  return `${problems.length} line${problems.length === 1 ? '' : 's'} of the change log could not be read (line${problems.length === 1 ? '' : 's'} ${lines}${more}): records among them are missing here. Repair them (git log -p on the log shows what they were).`;
}
