import type { RunGitOptions } from '../git/runGit';
import { runGit } from '../git/runGit';
import { type TicketSyntax, findTickets, ticketFromBranch } from '../tickets/ticketRefs';

/** One commit of a deployment range, as a deployment note lists it. */
export interface RangeCommit {
  readonly sha: string;
  readonly subject: string;
  /** The author's name (the e-mail stays out of notes posted to chat). */
  readonly author: string;
  /** Author date, ISO 8601. */
  readonly date: string;
  readonly tickets: readonly string[];
  /** Set on merge commits. */
  readonly merge?: boolean;
  /** For a merge commit, the branch it merged, when the subject names it. */
  readonly mergedBranch?: string;
}

const FIELD = '\x1f';
const RECORD = '\x1e';
/** `git log` format that parseRangeLog reads. */
export const RANGE_LOG_FORMAT = `--format=%H${FIELD}%P${FIELD}%an${FIELD}%aI${FIELD}%B${RECORD}`;

/** The branch a merge commit's subject names: git's, GitHub's and GitLab's default merge messages. */
export function mergedBranchOf(subject: string): string | undefined {
  const git = /^Merge (?:remote-tracking )?branch '([^']+)'/.exec(subject);
  if (git) return git[1].replace(/^origin\//, '');
  const github = /^Merge pull request #\d+ from [^/\s]+\/(\S+)/.exec(subject);
  return github?.[1];
}

/** Parses `git log` output written with RANGE_LOG_FORMAT, finding each commit's tickets. */
export function parseRangeLog(out: string, syntax: TicketSyntax): RangeCommit[] {
  return out
    .split(RECORD)
    .map((record) => record.replace(/^\n/, ''))
    .filter((record) => record.length > 0)
    .map((record) => {
      const [sha, parents, author, date, ...rest] = record.split(FIELD);
      const message = rest.join(FIELD).replace(/\n$/, '');
      const subject = message.split('\n')[0].trim();
      const merge = parents.split(' ').filter(Boolean).length > 1;
      const mergedBranch = merge ? mergedBranchOf(subject) : undefined;
      const tickets = findTickets(message, syntax).map((t) => t.id);
      // Lower-case branch names (fix/proj-42-typo) only count at the start of a segment, as for branches.
      const fromBranch = mergedBranch ? ticketFromBranch(mergedBranch, syntax) : undefined;
      if (fromBranch && !tickets.includes(fromBranch)) tickets.push(fromBranch);
      return { sha, subject, author, date, tickets, ...(merge ? { merge } : {}), ...(mergedBranch ? { mergedBranch } : {}) };
    });
}

/** The newest `limit` commits of a revision range, newest first (merged branches' commits included). */
export async function rangeCommits(revisions: readonly string[], limit: number, syntax: TicketSyntax, options: RunGitOptions): Promise<RangeCommit[]> {
  return parseRangeLog(await runGit(['log', `-n${limit}`, RANGE_LOG_FORMAT, ...revisions, '--'], options), syntax);
}

/** How many commits a revision range holds. */
export async function countCommits(revisions: readonly string[], options: RunGitOptions): Promise<number> {
  return Number((await runGit(['rev-list', '--count', ...revisions, '--'], options)).trim()) || 0;
}
