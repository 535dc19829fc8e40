import type { TicketPolicy } from '../config/teamConfigSchema';
import { linkedTicket } from '../git/gitConfig';
import type { RunGitOptions } from '../git/runGit';
import { ticketFromBranch } from './ticketRefs';

/** The ticket of `branch`: the one linked in git config first, else the one its name names. */
export async function ticketForBranch(branch: string | undefined, policy: TicketPolicy, options: RunGitOptions): Promise<string | undefined> {
  if (!branch) return undefined;
  return (await linkedTicket(branch, options)) ?? ticketFromBranch(branch, policy);
}
