import { readFile, writeFile } from 'node:fs/promises';
import { addTicket, effectiveMessage } from '../../core/tickets/commitMessage';
import { findTickets } from '../../core/tickets/ticketRefs';
import { ticketForBranch } from '../../core/tickets/ticketForBranch';
import type { CliCommand } from '../cliContext';
import { hookContext } from './hookContext';

/**
 * `changetrail hook prepare-commit-msg <file> <strip> <branch>`: adds the branch's ticket (a
 * linked one, or one a custom pattern finds) when the hook's fast path found none in the name.
 */
export const hookPrepareCommitMsgCommand: CliCommand = {
  name: 'hook prepare-commit-msg',
  summary: "add the branch's ticket to a commit message file when it names none",
  hidden: true,
  async run(context) {
    const [file, strip, branch] = context.args;
    const hook = await hookContext(context, strip);
    const policy = hook.config.tickets;
    const ticket = await ticketForBranch(branch, policy, { cwd: hook.workTree });
    if (!ticket) return 0;
    const raw = await readFile(file, 'utf8');
    if (findTickets(effectiveMessage(raw, hook.format), policy).length > 0) return 0;
    await writeFile(file, addTicket(raw, ticket, policy.commitFormat, hook.format));
    return 0;
  },
};
