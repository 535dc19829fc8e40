import { plainGit } from './plainGit';
import { type RunGitOptions, runGit } from './runGit';

/**
 * Reads one git config value (the last, as git does); undefined when unset. On the runner, not
 * simple-git: simple-git waits 50 ms after a git that printed nothing, which an unset key is, and
 * the hooks read two keys that are usually unset (core.commentChar, commit.cleanup) on every slow path.
 */
export async function gitConfigGet(key: string, options: RunGitOptions): Promise<string | undefined> {
  try {
    const values = (await runGit(['config', '--null', '--get-all', key], options)).split('\0');
    const value = values[values.length - 2]; // each value ends with NUL, so the last piece is empty
    return value === undefined || value === '' ? undefined : value;
  } catch {
    return undefined; // exit 1: the key is unset
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
