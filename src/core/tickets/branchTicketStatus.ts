import type { TeamConfig } from '../config/teamConfigSchema';
import { ticketFromBranch } from './ticketRefs';

/** What the status bar (and anything else) says about the current branch's ticket. */
export type BranchTicketStatus =
  | { readonly kind: 'ticket'; readonly branch: string; readonly ticket: string; readonly url?: string; readonly linked?: boolean }
  | { readonly kind: 'missing'; readonly branch: string }
  | { readonly kind: 'defaultBranch'; readonly branch: string }
  | { readonly kind: 'detached' };

/**
 * Decides the ticket status of `branch` (undefined: detached HEAD) under the team policy; a ticket
 * linked to the branch in git config wins over its name.
 */
export function branchTicketStatus(branch: string | undefined, config: TeamConfig, urlTemplate?: string, linked?: string): BranchTicketStatus {
  if (!branch) return { kind: 'detached' };
  const url = (ticket: string) => ticketUrl(ticket, urlTemplate || config.tickets.urlTemplate);
  if (linked) return { kind: 'ticket', branch, ticket: linked, url: url(linked), linked: true };
  const ticket = ticketFromBranch(branch, config.tickets);
  if (ticket) return { kind: 'ticket', branch, ticket, url: url(ticket) };
  if (config.branches.defaultBranches.includes(branch)) return { kind: 'defaultBranch', branch };
  return { kind: 'missing', branch };
}

/** The tracker link for `ticket`, when a template such as `https://x/browse/{ticket}` is set and is http(s). */
export function ticketUrl(ticket: string, template: string | undefined): string | undefined {
  if (!template || !template.includes('{ticket}')) return undefined;
  const url = template.split('{ticket}').join(encodeURIComponent(ticket));
  return /^https?:\/\//i.test(url) ? url : undefined;
}
