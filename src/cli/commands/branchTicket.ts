import { loadTeamConfig } from '../../core/config/loadTeamConfig';
import { currentBranch, repositoryRoot } from '../../core/git/repositoryInfo';
import { branchTicketStatus } from '../../core/tickets/branchTicketStatus';
import type { CliCommand } from '../cliContext';

/** `changetrail ticket`: prints the current branch's ticket; exit 1 when it names none. */
export const branchTicketCommand: CliCommand = {
  name: 'ticket',
  summary: "print the current branch's ticket (exit 1 when it names none)",
  async run({ cwd, out, err, logger }) {
    const root = await repositoryRoot({ cwd, logger });
    const { config } = await loadTeamConfig(root);
    const status = branchTicketStatus(await currentBranch({ cwd: root, logger }), config);
    if (status.kind === 'ticket') {
      out(status.ticket);
      return 0;
    }
    err(status.kind === 'detached' ? 'HEAD is detached: no branch, no ticket.' : `Branch ${status.branch} names no ticket.`);
    return 1;
  },
};
