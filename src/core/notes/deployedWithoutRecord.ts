import type { Logger } from '../log';
import type { DeploymentRecord, LogEntry } from '../records/changeRecord';
import type { TicketSyntax } from '../tickets/ticketRefs';
import { matchRecords } from './matchRecords';
import type { NoteCommit } from './noteSchema';
import { type RangeCommit, rangeCommits } from './rangeLog';
import { compareInstants } from '../records/index/entryKeys';

/** The log entries matchRecords needs for a deployment's commits (the index answers this without reading the whole log). */
export type EntriesForCommits = (commits: readonly RangeCommit[], environment: string) => Promise<readonly LogEntry[]>;

/** Where and how deployedWithoutRecord looks. */
export interface DeployedWithoutRecordOptions {
  readonly since: Date;
  readonly until: Date;
  readonly environment?: string;
  readonly ticketSyntax?: TicketSyntax;
  readonly gitPath?: string;
  readonly logger?: Logger;
  /** Most commits read per deployment (default 200). */
  readonly limit?: number;
}

/**
 * The commits that went live with the period's deployments (each deployment record's
 * previousCommit..commit) that no change record covers, newest deployment first, each commit once.
 * A deployment whose commits are not in this clone is skipped (its range cannot be read).
 */
export async function deployedWithoutRecord(
  repoRoot: string,
  candidates: readonly LogEntry[],
  entriesFor: EntriesForCommits,
  options: DeployedWithoutRecordOptions,
): Promise<NoteCommit[]> {
  const env = options.environment?.trim().toLowerCase();
  const deployments = candidates
    .filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.previousCommit !== undefined)
    .filter((d) => (env === undefined || d.environment.trim().toLowerCase() === env) && Date.parse(d.createdAt) >= options.since.getTime() && Date.parse(d.createdAt) < options.until.getTime())
    .sort((a, b) => compareInstants(b.createdAt, a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const seen = new Set<string>();
  const out: NoteCommit[] = [];
  for (const d of deployments) {
    const commits = await rangeCommits([`${d.previousCommit}..${d.commit}`], options.limit ?? 200, options.ticketSyntax ?? { projects: [], patterns: [] }, { cwd: repoRoot, gitPath: options.gitPath, logger: options.logger }).catch(() => undefined);
    if (!commits) {
      options.logger?.info(`Digest: the commits of deployment ${d.id} are not in this clone; skipped`);
      continue;
    }
    for (const c of matchRecords(commits, await entriesFor(commits, d.environment), d.environment).unrecorded) {
      if (seen.has(c.sha)) continue;
      seen.add(c.sha);
      out.push({ sha: c.sha, subject: c.subject, author: c.author, date: c.date, tickets: [...c.tickets], ...(c.merge ? { merge: true } : {}) });
    }
  }
  return out;
}
