import type { TicketPolicy } from '../config/teamConfigSchema';
import type { LoggedCommit } from '../git/commitLog';
import { checkMessage, subjectOf } from './commitMessage';

/** The verdict on one commit of a range. */
export interface CommitVerdict {
  readonly sha: string;
  readonly subject: string;
  readonly author: string;
  readonly ok: boolean;
  readonly tickets: readonly string[];
  readonly exemption?: string;
}

/** Checks one commit with the same policy and exemptions the hooks use. */
export function checkCommit(commit: LoggedCommit, policy: TicketPolicy): CommitVerdict {
  const verdict = checkMessage(commit.message, policy, { isMerge: commit.parents.length > 1, author: commit.author });
  return { sha: commit.sha, subject: subjectOf(commit.message), author: commit.author, ...verdict };
}

/** Checks every commit with the same policy and exemptions the hooks use. */
export function checkCommits(commits: readonly LoggedCommit[], policy: TicketPolicy): CommitVerdict[] {
  return commits.map((commit) => checkCommit(commit, policy));
}
