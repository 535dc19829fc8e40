import { plainGit } from './plainGit';
import { type RunGitOptions, runGit } from './runGit';

/**
 * Reads one git config value (the last, as git does); undefined when unset. On the runner, not
 * simple-git: simple-git waits 50 ms after a git that printed nothing, which an unset key is, and
 * keeps a 50 ms timer alive after every call, which a short-lived process waits for before it
 * exits; the hooks read config on every slow path (core.commentChar, commit.cleanup, linked tickets).
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

/** Every branch's linked ticket (the last value of each, as git reads it), from `git config --list`. */
export async function linkedTickets(options: RunGitOptions): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  // With --null each entry is `key\nvalue\0` (a key set without a value has no newline).
  for (const entry of (await runGit(['config', '--null', '--list'], options)).split('\0')) {
    const newline = entry.indexOf('\n');
    if (newline === -1) continue;
    const m = /^branch\.(.+)\.changetrailticket$/i.exec(entry.slice(0, newline));
    const value = entry.slice(newline + 1);
    if (m && value) links.set(m[1], value);
  }
  return links;
}
