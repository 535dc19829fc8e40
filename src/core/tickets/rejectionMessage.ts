import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TicketPolicy } from '../config/teamConfigSchema';
import { shellCommand } from '../shellQuote';
import { applyFormat, subjectOf } from './commitMessage';

/** What the commit-msg hook prints when it rejects a message: what is wrong and exactly how to fix it. */
export function rejectionMessage(
  message: string,
  policy: TicketPolicy,
  branch: string | undefined,
  branchTicket: string | undefined,
  /** Where git kept the message, relative to the work tree (differs in linked worktrees). */
  editMsgPath = '.git/COMMIT_EDITMSG',
  /** A rebase is stopped at this commit (a reword): the fix is an amend, then `git rebase --continue`. */
  rebasing = false,
): string {
  const example = branchTicket ?? (policy.projects[0] ? `${policy.projects[0]}-123` : 'PROJ-123');
  // A bounded excerpt: the message may be megabytes on one line; the complaint stays a few lines.
  // What the format already put around the subject is taken off, so the advice adds it once.
  const subject = excerpt(withoutFormat(subjectOf(message.length > 4096 ? message.slice(0, 4096) : message), policy.commitFormat, example)) || 'Describe the change';
  const fixed = policy.commitFormat.includes('{message}')
    ? applyFormat(policy.commitFormat, example, subject)
    : `${subject}\n\n      ${applyFormat(policy.commitFormat, example, '')}`;
  // Commands are quoted for pasting: a branch name may hold $(...) or backticks.
  const link = branch ? shellCommand(['git', 'config', `branch.${branch}.changetrailTicket`, example]) : '';
  // Mid-rebase a new commit is not what is wanted (nor possible with nothing staged): amend the one the rebase stopped at.
  const edit = rebasing
    ? `${shellCommand(['git', 'commit', '--amend', '-e', '-F', editMsgPath])} && git rebase --continue`
    : shellCommand(['git', 'commit', '-e', '-F', editMsgPath]);
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

/** What the commit-msg hook prints for a message that is empty apart from the ticket: git's own rule, kept. */
export function emptyMessageRejection(ticket?: string): string {
  const only = ticket ? `: it holds only the ticket ${ticket}. Write what the commit does after it.` : '.';
  return `ChangeTrail: Aborting commit due to empty commit message${only}`;
}

/** Whether a rebase (or `git am`) is stopped in the repository whose git dir is `gitDir`. */
export async function rebaseInProgress(gitDir: string): Promise<boolean> {
  const there = (name: string) => stat(join(gitDir, name)).then(() => true, () => false);
  return (await there('rebase-merge')) || (await there('rebase-apply'));
}

/** `subject` without what `commitFormat` puts around a message for `ticket` (either side, any case). */
function withoutFormat(subject: string, commitFormat: string, ticket: string): string {
  if (!commitFormat.includes('{message}')) return subject;
  const [before, after = ''] = applyFormat(commitFormat, ticket, '\0').split('\0');
  let rest = subject;
  const head = before.trim().toUpperCase();
  const tail = after.trim().toUpperCase();
  if (head && rest.toUpperCase().startsWith(head)) rest = rest.slice(head.length).trimStart();
  if (tail && rest.toUpperCase().endsWith(tail)) rest = rest.slice(0, rest.length - tail.length).trimEnd();
  return rest;
}

const EXCERPT = 72;

function excerpt(text: string): string {
  // Code points, so no emoji is cut in half; control and bidi characters shown as '?'.
  const chars = [...text.slice(0, EXCERPT * 2).replace(/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, '?')];
  return chars.length > EXCERPT ? `${chars.slice(0, EXCERPT - 1).join('')}…` : chars.join('');
}
