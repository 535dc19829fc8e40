import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../changeRecord';
import type { LogProblem } from '../changeLogReader';

/** A time range in epoch ms; either end may be open. */
export interface TimeRange {
  readonly since?: number;
  readonly until?: number;
}

/** What an index lookup can be narrowed by; every given field must match. */
export interface IndexQuery extends TimeRange {
  readonly schema?: LogEntry['schema'];
  readonly sha?: string;
  readonly ticket?: string;
  readonly branch?: string;
  /** Compared trimmed and case-insensitively, as environments are everywhere else. */
  readonly environment?: string;
  /** A system name (change records' systems, incidents' systems); case-insensitive. */
  readonly system?: string;
  /** Change records made in git ("git": also those written before the field existed) or outside it ("manual"). */
  readonly origin?: 'git' | 'manual';
  /** Deployments whose `records` name this change record id, or any of these ids (what shipped them). */
  readonly carries?: string | readonly string[];
  /** Rollbacks that name this deployment id, or any of these ids, in `rollsBack` (however late they were recorded). */
  readonly rollsBack?: string | readonly string[];
  /** Drop entries that another entry of the same kind supersedes (amended change records, updated incidents). Default true. */
  readonly currentOnly?: boolean;
  readonly limit?: number;
  /** "newest" (default) or "oldest" first, by createdAt. */
  readonly order?: 'newest' | 'oldest';
}

/** What bestForCommits prefers, in order: this environment's records (when given), the newest, then `ties`. */
export interface BestOptions {
  /** Compared trimmed and case-insensitively. */
  readonly environment?: string;
  /** Between records made in the same millisecond: the greater id ("id", as matchRecords ranks) or the later line ("line", the default). */
  readonly ties?: 'id' | 'line';
}

/**
 * The one way the editor and the CLI read the change log (STYLE.md: a service answers questions,
 * it does not hand out its storage). An implementation keeps offsets and keys, parses a full entry
 * only when it is returned, and stays current by reading only the bytes appended since the last
 * refresh; a log that shrank or was rewritten is re-indexed.
 */
export interface ChangeLogIndex {
  /** The log file this index reads. */
  readonly path: string;
  /** Brings the index up to date with the file. Queries call it themselves; callers rarely need to. */
  refresh(): Promise<void>;
  /** Entries matching `query`, newest first unless asked otherwise. */
  query(query: IndexQuery): Promise<LogEntry[]>;
  /** The entry with this id, current or not. */
  get(id: string): Promise<LogEntry | undefined>;
  /**
   * The entries with these ids (undefined where there is none), read together: a deployment's
   * change records. With `current`, each as amended since: the entry of its kind that supersedes
   * it, and so on, as a deployment's records are shown and counted.
   */
  getMany(ids: readonly string[], options?: { readonly current?: boolean }): Promise<(LogEntry | undefined)[]>;
  /**
   * Current change records that name any of these commits (full or abbreviated shas), newest
   * first; with `among`, only those with one of these ids (the records of the deployments an
   * incident names), narrowed before any record is read.
   */
  recordsForCommits(shas: readonly string[], options?: { readonly among?: readonly string[] }): Promise<ChangeRecord[]>;
  /**
   * For each of `shas` that a current change record names (full or abbreviated), the best such
   * record by `options`: what a range's note or a file's history shows for the commit, read without
   * reading every record that names it.
   */
  bestForCommits(shas: readonly string[], options?: BestOptions): Promise<Map<string, ChangeRecord>>;
  /** Current change records written on `branch`, newest first. */
  recordsOfBranch(branch: string, limit?: number): Promise<ChangeRecord[]>;
  /** Deployments to `environment` in the range, newest first. */
  deploymentsOf(environment: string, range?: TimeRange): Promise<DeploymentRecord[]>;
  /** The latest state of every incident in the range (by detectedAt), newest first. */
  incidents(range?: TimeRange): Promise<IncidentRecord[]>;
  /** Lines that could not be read, with their line numbers (as the reader reports them). */
  problems(): readonly LogProblem[];
  /**
   * The line number of an unfinished last line (no newline at its end yet) left for the next read:
   * a write in progress, or a record saved by hand without its newline. Not in problems().
   */
  unfinishedLine?(): number | undefined;
  /** Line numbers of records written by a newer ChangeTrail: kept in the file, left out of answers. */
  newer?(): readonly number[];
  /**
   * A number that changes whenever the entries do (a line indexed, the log re-indexed): what is
   * worked out from answers may be kept while it stays the same. Absent: nothing may be kept.
   */
  version?(): number;
}
