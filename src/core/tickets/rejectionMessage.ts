import type { TicketPolicy } from '../config/teamConfigSchema';
import { shellCommand } from '../shellQuote';
import { subjectOf } from './commitMessage';

/** What the commit-msg hook prints when it rejects a message: what is wrong and exactly how to fix it. */
export function rejectionMessage(
  message: string,
  policy: TicketPolicy,
  branch: string | undefined,
  branchTicket: string | undefined,
  /** Where git kept the message, relative to the work tree (differs in linked worktrees). */
  editMsgPath = '.git/COMMIT_EDITMSG',
): string {
  // A bounded excerpt: the message may be megabytes on one line; the complaint stays a few lines.
  const subject = excerpt(subjectOf(message.length > 4096 ? message.slice(0, 4096) : message)) || 'Describe the change';
  const example = branchTicket ?? (policy.projects[0] ? `${policy.projects[0]}-123` : 'PROJ-123');
  const fixed = policy.commitFormat.includes('{message}')
    ? policy.commitFormat.split('{ticket}').join(example).split('{message}').join(subject)
    : `${subject}\n\n      ${policy.commitFormat.split('{ticket}').join(example)}`;
  // Commands are quoted for pasting: a branch name may hold $(...) or backticks.
  const link = branch ? shellCommand(['git', 'config', `branch.${branch}.changetrailTicket`, example]) : '';
  const edit = shellCommand(['git', 'commit', '-e', '-F', editMsgPath]);
  // Editors (VS Code among them) show only the first line of a hook's complaint: it carries the fix.
  const how = branchTicket
    ? `Write it as "${fixed.split('\n')[0]}" (${branchTicket} is the ticket of this branch).`
    : branch
      ? `Write it as "${fixed.split('\n')[0]}", or link a ticket to the branch: ${link}`
      : `Write it as "${fixed.split('\n')[0]}".`;
  const lines = [
    `ChangeTrail: this commit message names no ticket, and this repository requires one. ${how}`,
    '',
    '  Name the ticket in the message, for example:',
    `      ${fixed}`,
  ];
  if (branchTicket) lines.push(`  ${branchTicket} is the ticket of branch ${branch}.`);
  else if (branch) {
    lines.push(`  Branch ${branch} names no ticket. Link one so the hook adds it for you:`);
    lines.push(`      ${link}`);
  }
  if (policy.projects.length > 0) lines.push(`  Tickets of these projects count: ${policy.projects.join(', ')}.`);
  const exempt = [policy.exemptions.merges && 'merges', policy.exemptions.reverts && 'reverts', policy.exemptions.fixups && 'fixup!/squash!/amend! commits'].filter(Boolean);
  if (exempt.length > 0) lines.push(`  No ticket is needed for ${exempt.join(', ')}.`);
  lines.push('', `  Your message is saved in ${editMsgPath}: ${edit}`);
  return lines.join('\n');
}

const EXCERPT = 72;

function excerpt(text: string): string {
  // Code points, so no emoji is cut in half; control and bidi characters shown as '?'.
  const chars = [...text.slice(0, EXCERPT * 2).replace(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, '?')];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT - 1).join('')}…` : chars.join('');
}
