import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertTimeZone, localTimeZone } from '../../core/checklist/zonedTime';
import { auditExport } from '../../core/export/auditExport';
import { exportEntries } from '../../core/export/exportEntries';
import { type SkippedLines, skippedLinesOf, skippedLinesWarning } from '../../core/export/skippedLines';
import { parseDigestTime } from '../../core/notes/digest';
import { FUTURE_SKEW_MS } from '../../core/time/atTime';
import type { CliCommand } from '../cliContext';
import { oneOf, parseCliOptions } from '../cliOptions';
import { openLogIndexes } from '../logIndexes';
import { writeRawOutput } from '../terminalOutput';
import { isRefusal, unlessConfigBroken } from '../usableTeamConfig';
import { ensureOutputFolder } from '../outputFolder';
import { readProblems } from '../../core/records/index/readProblems';

/**
 * `changetrail export [--since 90d] [--until <date>] [--format csv|jsonl] [--tz Europe/Madrid]
 * [--out <dir>] [--repo dir]... [--log file]...`: every change, deployment, rollback and incident
 * of the period for an auditor, with a manifest (row count, SHA-256, the commit of each log).
 * With --out both go to files in that folder; without, the export goes to stdout and the manifest to stderr.
 */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export [--since 90d|<date>] [--until <date>] [--format csv|jsonl] [--tz <zone>] [--out <dir>] [--repo <dir>]... [--log <file>]...',
  summary: 'the last 90 days (or --since) of changes, deployments and incidents as RFC 4180 CSV or JSONL, with a manifest',
  async run(ctx) {
    const o = parseCliOptions(ctx.args, ['--since', '--until', '--format', '--tz', '--out'], [], ['--repo', '--log']);
    const format = o.values.get('--format') ?? 'csv';
    const bad = oneOf('--format', format, ['csv', 'jsonl']);
    if (bad) o.problems.push(bad);
    // Checked before anything is read: with no row in the period, the zone was never used and went into the manifest.
    const tz = o.values.get('--tz');
    if (tz !== undefined) {
      try {
        assertTimeZone(tz);
      } catch (error) {
        o.problems.push(`--tz ${(error as Error).message}`);
      }
    }
    const clock = ctx.clock;
    const now = new Date(clock.now());
    let since: Date | undefined;
    let until: Date | undefined;
    let clamped: Date | undefined;
    try {
      until = o.values.has('--until') ? parseDigestTime(o.values.get('--until') as string, now, '--until') : now;
      // An export of a period that has not happened, or of a reversed one, is empty, and its
      // manifest would vouch for a window nobody can have audited: bad input, not an empty export.
      // A later --until (tomorrow's date, to take in all of today) ends the export now: the manifest
      // never vouches for time that has not passed. Clamped first, so a relative --since (the default
      // 90d) counts back from where the export really ends.
      if (until.getTime() > now.getTime()) {
        clamped = until;
        until = now;
      }
      since = parseDigestTime(o.values.get('--since') ?? '90d', until, '--since');
      if (since.getTime() > now.getTime() + FUTURE_SKEW_MS) o.problems.push(`--since ${since.toISOString()} is after now (${now.toISOString()})`);
      else if (since.getTime() >= until.getTime()) o.problems.push(`--since ${since.toISOString()} is not before --until ${until.toISOString()}`);
    } catch (error) {
      o.problems.push((error as Error).message);
    }
    if (o.problems.length > 0 || !since || !until) {
      ctx.err(`changetrail export: ${o.problems.join('; ')}`);
      return 2;
    }
    if (clamped) ctx.logger.warn(`export: --until ${clamped.toISOString()} is after now: the export ends now (${now.toISOString()})`);
    const logs = await unlessConfigBroken(ctx, 'export', 'read', () => openLogIndexes(ctx.cwd, o.lists.get('--repo') ?? [], o.lists.get('--log') ?? [], ctx.logger));
    if (isRefusal(logs)) return logs.exitCode;
    const timeZone = o.values.get('--tz') ?? logs.config?.freeze.timeZone ?? localTimeZone();
    const entries = await exportEntries(logs.indexes, since.getTime(), until.getTime());
    // Asked after the entries: the indexes know their bad lines once they have read the logs.
    const skipped = logs.indexes.map((index, i) => skippedLinesOf(logs.names[i], readProblems(index))).filter((s): s is SkippedLines => s !== undefined);
    for (const s of skipped) ctx.logger.warn(`export: ${skippedLinesWarning(s)}`);
    const result = auditExport(entries, { since: since.getTime(), until: until.getTime(), now: now.getTime(), timeZone, format: format as 'csv' | 'jsonl', sources: logs.sources, skipped });
    const manifest = JSON.stringify(result.manifest, null, 2);
    const out = o.values.get('--out');
    if (!out) {
      // The body goes out byte for byte (CRLF, user text) so its SHA-256 matches the manifest; but
      // not to a terminal, where a record's escape sequence would drive the screen or the clipboard.
      if (writeRawOutput(process.stdout, result.body)) ctx.logger.warn('export: control characters and bidi overrides were removed from what this terminal shows; write to a file or a pipe (or --out) for the exact data the manifest hashes');
      ctx.err(manifest);
      return 0;
    }
    // Created a level at a time: a recursive mkdir under /proc never returned. Bad places are exit 2 naming --out.
    const dir = await ensureOutputFolder('--out', out, ctx.cwd);
    const stamp = now.toISOString().slice(0, 10);
    const file = `changetrail-export-${stamp}.${format}`;
    await writeFile(join(dir, file), result.body, 'utf8');
    await writeFile(join(dir, `changetrail-export-${stamp}.manifest.json`), `${manifest}\n`, 'utf8');
    ctx.out(`${result.manifest.rows} rows written to ${join(out, file)} (sha256 ${result.manifest.sha256}); manifest beside it`);
    return 0;
  },
};
