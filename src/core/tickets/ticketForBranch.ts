import type { TicketPolicy } from '../config/teamConfigSchema';
import { linkedTicket } from '../git/gitConfig';
import type { RunGitOptions } from '../git/runGit';
import { ticketFromBranch } from './ticketRefs';

/** The ticket of `branch`: the one linked in git config first, else the one its name names. */
export async function ticketForBranch(branch: string | undefined, policy: TicketPolicy, options: RunGitOptions): Promise<string | undefined> {
  return (await branchTicket(branch, policy, options)).ticket;
}

/** The ticket of `branch` (as {@link ticketForBranch}) and, apart, the one linked to it, which always counts. */
export async function branchTicket(
  branch: string | undefined,
  policy: TicketPolicy,
  options: RunGitOptions,
): Promise<{ readonly ticket?: string; readonly linked?: string }> {
  if (!branch) return {};
  const linked = await linkedTicket(branch, options);
  if (linked) return { ticket: linked, linked };
  const ticket = ticketFromBranch(branch, policy);
  return ticket ? { ticket } : {};
}
