import { plainGit } from './plainGit';
import type { RunGitOptions } from './runGit';

/** Reads one git config value; undefined when unset. */
export async function gitConfigGet(key: string, options: RunGitOptions): Promise<string | undefined> {
  try {
    const { value } = await plainGit(['config', '--get', key], options, (git) => git.getConfig(key));
    return value === null || value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** The git config key that links a ticket to a branch, shared by the extension, hooks and CLI. */
export function linkedTicketKey(branch: string): string {
  return `branch.${branch}.changetrailTicket`;
}

/** The ticket linked to `branch` with "Link Ticket..." or `git config`, if any. */
export function linkedTicket(branch: string, options: RunGitOptions): Promise<string | undefined> {
  return gitConfigGet(linkedTicketKey(branch), options);
}

/** Links `ticket` to `branch` in the repository's git config. */
export async function linkTicket(branch: string, ticket: string, options: RunGitOptions): Promise<void> {
  await plainGit(['config', linkedTicketKey(branch)], options, (git) => git.addConfig(linkedTicketKey(branch), ticket));
}

/** Every branch's linked ticket, from `git config --get-regexp`. */
export async function linkedTickets(options: RunGitOptions): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const { all } = await plainGit(['config', '--list'], options, (git) => git.listConfig());
  for (const [key, value] of Object.entries(all)) {
    const m = /^branch\.(.+)\.changetrailticket$/i.exec(key);
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (m && last) links.set(m[1], last);
  }
  return links;
}
