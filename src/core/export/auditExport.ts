import { createHash } from 'node:crypto';
import type { LogEntry } from '../records/changeRecord';
import { csvDocument } from './csv';
import { AUDIT_COLUMNS, auditRow, entryTime } from './auditRows';
import type { SkippedLines } from './skippedLines';

/** Where the exported entries came from: a log file, its repository and the commit that last changed it. */
export interface ExportSource {
  readonly log: string;
  readonly repository?: string;
  /** The commit that last touched the log file (`git log -1 -- <log>`), if it is in git. */
  readonly commit?: string;
  /** Entries of this log in the export that no commit holds yet (written locally, not committed). */
  readonly uncommitted?: boolean;
}

export interface AuditExport {
  readonly body: string;
  readonly manifest: {
    readonly schema: 'changetrail/export-manifest';
    readonly version: 1;
    readonly generatedAt: string;
    readonly since: string;
    readonly until: string;
    readonly timeZone: string;
    readonly format: 'csv' | 'jsonl';
    readonly columns?: readonly string[];
    readonly rows: number;
    readonly sha256: string;
    readonly sources: readonly ExportSource[];
    /** Lines of the sources left out, unreadable or without a valid time: 0 when the export is whole. */
    readonly skippedLines: number;
    /** Which lines of which log, when any (line numbers capped per log, see SkippedLines). */
    readonly skipped?: readonly SkippedLines[];
  };
}

/**
 * The audit export of every entry whose time falls in [since, until), oldest first: RFC 4180 CSV
 * with a stable column order and zoned times, or JSONL of the entries as recorded. The manifest
 * carries the row count, the SHA-256 of the body, the source logs' commits and the lines of those
 * logs that could not be included (`skipped`), so an export with holes never passes for whole.
 */
export function auditExport(
  entries: readonly LogEntry[],
  options: { since: number; until: number; now: number; timeZone: string; format: 'csv' | 'jsonl'; sources: readonly ExportSource[]; skipped?: readonly SkippedLines[] },
): AuditExport {
  const rows = entries
    .filter((e) => !(e.schema === 'changetrail/deployment' && e.environment === 'changetrail-digest'))
    .map((e) => ({ e, at: entryTime(e) }))
    .filter(({ at }) => at >= options.since && at < options.until)
    .sort((a, b) => a.at - b.at || (a.e.id < b.e.id ? -1 : a.e.id > b.e.id ? 1 : 0));
  const body =
    options.format === 'csv'
      ? csvDocument(
          AUDIT_COLUMNS,
          // One row per entry, not one per cell: a quarter of a busy log is a hundred thousand rows.
          rows.map(({ e }) => {
            const row = auditRow(e, options.timeZone);
            return AUDIT_COLUMNS.map((c) => row[c]);
          }),
        )
      : rows.map(({ e }) => `${JSON.stringify(e)}\n`).join('');
  return {
    body,
    manifest: {
      schema: 'changetrail/export-manifest',
      version: 1,
      generatedAt: new Date(options.now).toISOString(),
      since: new Date(options.since).toISOString(),
      until: new Date(options.until).toISOString(),
      timeZone: options.timeZone,
      format: options.format,
      ...(options.format === 'csv' ? { columns: AUDIT_COLUMNS } : {}),
      rows: rows.length,
      sha256: createHash('sha256').update(body, 'utf8').digest('hex'),
      sources: options.sources,
      skippedLines: (options.skipped ?? []).reduce((sum, s) => sum + s.count, 0),
      ...(options.skipped && options.skipped.length > 0 ? { skipped: options.skipped } : {}),
    },
  };
}
