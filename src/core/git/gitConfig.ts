import { type RunGitOptions, runGit } from './runGit';

/** Reads one git config value; undefined when unset. */
export async function gitConfigGet(key: string, options: RunGitOptions): Promise<string | undefined> {
  try {
    const value = (await runGit(['config', '--get', key], options)).replace(/\n$/, '');
    return value === '' ? undefined : value;
  } catch {
    return undefined; // git config exits 1 for an unset key
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
  await runGit(['config', linkedTicketKey(branch), ticket], options);
}

/** Every branch's linked ticket, from `git config --get-regexp`. */
export async function linkedTickets(options: RunGitOptions): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  let out = '';
  try {
    out = await runGit(['config', '--get-regexp', '^branch\\..*\\.changetrailticket$'], options);
  } catch {
    return links; // exit 1: none set
  }
  for (const line of out.split('\n')) {
    const m = /^branch\.(.+)\.changetrailticket (.+)$/i.exec(line.trim());
    if (m) links.set(m[1], m[2]);
  }
  return links;
}
