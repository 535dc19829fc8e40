import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { linkedTicket, linkedTicketKey } from '../../core/git/gitConfig';
import { shellCommand } from '../../core/shellQuote';
import { currentBranch, repositoryRoot } from '../../core/git/repositoryInfo';
import { branchTicketStatus } from '../../core/tickets/branchTicketStatus';
import type { CliCommand } from '../cliContext';
import { USAGE_ERROR, parseCliOptions, reportProblems } from '../cliOptions';

/** `changetrail ticket`: prints the current branch's ticket; exit 1 when it names none. */
export const branchTicketCommand: CliCommand = {
  name: 'ticket',
  usage: 'ticket',
  summary: "print the current branch's ticket (exit 1 when it names none)",
  async run({ args, cwd, out, err, logger }) {
    if (reportProblems(err, 'ticket', parseCliOptions(args, [], []).problems)) return USAGE_ERROR;
    const root = await repositoryRoot({ cwd, logger });
    const { config } = await loadTeamConfig(root);
    const branch = await currentBranch({ cwd: root, logger });
    const linked = branch ? await linkedTicket(branch, { cwd: root, logger }) : undefined;
    const status = branchTicketStatus(branch, config, undefined, linked);
    if (status.kind === 'ticket') {
      out(status.ticket);
      return 0;
    }
    if (status.kind === 'detached') err('HEAD is detached: no branch, no ticket.');
    else if (status.kind === 'defaultBranch') err(`${status.branch} is a default branch: it needs no ticket.`);
    else err(`Branch ${status.branch} names no ticket. Link one: ${shellCommand(['git', 'config', linkedTicketKey(status.branch), 'PROJ-123'])}`);
    return 1;
  },
};
