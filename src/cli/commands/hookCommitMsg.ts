import { isAbsolute, relative, resolve } from 'node:path';
import { readMessageFile } from '../../core/git/hooks/messageFile';
import { currentBranch } from '../../core/git/repositoryInfo';
import { runGit } from '../../core/git/runGit';
import { identWithoutDate } from '../../core/git/personIdent';
import { checkMessage, effectiveMessage, onlyTicket } from '../../core/tickets/commitMessage';
import { emptyMessageRejection, rebaseInProgress, rejectionMessage } from '../../core/tickets/rejectionMessage';
import { branchTicket } from '../../core/tickets/ticketForBranch';
import { ticketSyntaxOf } from '../../core/tickets/ticketRefs';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, reportProblems } from '../cliOptions';
import { parseArgs } from '../parseArgs';
import { hookContext } from './hookContext';

/**
 * `changetrail hook commit-msg <file> [strip]`: the authoritative check behind the commit-msg
 * hook, run when its fast path found no ticket. Exit 1 with instructions when the message fails.
 * Teams with a committed hooks folder call it from their own commit-msg script.
 */
export const hookCommitMsgCommand: CliCommand = {
  name: 'hook commit-msg',
  usage: 'hook commit-msg <message-file> [strip]',
  summary: 'check a commit message file against the ticket policy (what the commit-msg hook runs)',
  async run(context) {
    const args = parseArgs(context.args, [], []);
    const [file, strip, ...extra] = args.positionals;
    const problems = [...args.problems, ...extra.map((p) => `unexpected "${p}"`)];
    if (file === undefined) problems.push('give the commit message file: changetrail hook commit-msg <message-file>');
    if (reportProblems(context.err, 'hook commit-msg', problems) || file === undefined) return USAGE_ERROR;
    const hook = await hookContext(context, strip);
    const message = effectiveMessage((await readMessageFile(file, context.cwd, 'hook commit-msg')).text, hook.format);
    const branch = await currentBranch({ cwd: hook.workTree });
    const { ticket, linked } = await branchTicket(branch, hook.config.tickets, { cwd: hook.workTree });
    const policy = ticketSyntaxOf(hook.config, linked);
    const onlyThat = onlyTicket(message, policy.commitFormat, policy, ticket);
    if (onlyThat || message === '') {
      context.err(emptyMessageRejection(onlyThat));
      return 1;
    }
    const ident = await runGit(['var', 'GIT_AUTHOR_IDENT'], { cwd: hook.workTree }).catch(() => '');
    const author = identWithoutDate(ident);
    const verdict = checkMessage(message, policy, { isMerge: hook.isMerge, author });
    if (verdict.ok) return 0;
    context.err(rejectionMessage(message, policy, branch, ticket, shownPath(resolve(context.cwd, file), hook.workTree), await rebaseInProgress(hook.gitDir)));
    return 1;
  },
};

/** The message file as the person should type it: relative to the work tree when inside it, else absolute. */
function shownPath(file: string, workTree: string): string {
  const inside = relative(workTree, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}
