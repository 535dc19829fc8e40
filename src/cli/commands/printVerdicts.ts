import type { CommitVerdict } from '../../core/tickets/checkCommits';

/** Text report of a ticket check: one line per commit without a ticket, then a total. */
export function verdictReport(verdicts: readonly CommitVerdict[], range: string): string[] {
  const failures = verdicts.filter((v) => !v.ok);
  const lines = failures.map((v) => `✗ ${v.sha.slice(0, 10)} ${v.subject}  (${v.author})`);
  if (failures.length === 0) lines.push(`✓ all ${verdicts.length} commits in ${range} name a ticket or are exempt`);
  else {
    lines.push('');
    lines.push(`${failures.length} of ${verdicts.length} commits in ${range} name no ticket.`);
    lines.push('Reword them (git rebase -i, "reword") so each names its ticket, e.g. "PROJ-123: <subject>".');
  }
  return lines;
}
