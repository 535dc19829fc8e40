import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { currentBranch } from '../../core/git/repositoryInfo';
import { runGit } from '../../core/git/runGit';
import { checkMessage, effectiveMessage } from '../../core/tickets/commitMessage';
import { rejectionMessage } from '../../core/tickets/rejectionMessage';
import { ticketForBranch } from '../../core/tickets/ticketForBranch';
import type { CliCommand } from '../cliContext';
import { hookContext } from './hookContext';

/**
 * `changetrail hook commit-msg <file> [strip]`: the authoritative check behind the commit-msg
 * hook, run when its fast path found no ticket. Exit 1 with instructions when the message fails.
 * Teams with a committed hooks folder call it from their own commit-msg script.
 */
export const hookCommitMsgCommand: CliCommand = {
  name: 'hook commit-msg',
  summary: 'check a commit message file against the ticket policy (what the commit-msg hook runs)',
  async run(context) {
    const [file, strip] = context.args;
    const hook = await hookContext(context, strip);
    const message = effectiveMessage(await readFile(file, 'utf8'), hook.format);
    const ident = await runGit(['var', 'GIT_AUTHOR_IDENT'], { cwd: hook.workTree }).catch(() => '');
    const author = ident.replace(/\s+\d+\s+[+-]\d{4}\s*$/, '');
    const verdict = checkMessage(message, hook.config.tickets, { isMerge: hook.isMerge, author });
    if (verdict.ok) return 0;
    const branch = await currentBranch({ cwd: hook.workTree });
    const ticket = await ticketForBranch(branch, hook.config.tickets, { cwd: hook.workTree });
    const editMsg = relative(hook.workTree, join(hook.gitDir, 'COMMIT_EDITMSG'));
    context.err(rejectionMessage(message, hook.config.tickets, branch, ticket, editMsg));
    return 1;
  },
};
