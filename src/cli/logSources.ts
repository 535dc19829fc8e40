import { formatProblem } from '../core/config/configProblem';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadTeamConfig } from '../core/config/loadTeamConfig';
import type { TeamConfig } from '../core/config/teamConfigSchema';
import type { ExportSource } from '../core/export/auditExport';
import { repositoryRoot } from '../core/git/repositoryInfo';
import { runGit } from '../core/git/runGit';
import type { Logger } from '../core/log';
import { changeLogPath, readLog } from '../core/records/changeLog';
import type { LogEntry } from '../core/records/changeRecord';

/** The change logs a support command reads: every `--repo`'s configured log and every `--log` file. */
export interface LogSources {
  readonly entries: LogEntry[];
  readonly sources: ExportSource[];
  /** The first repository's team config (time zone, environments, systems). */
  readonly config?: TeamConfig;
  readonly root?: string;
}

/**
 * Reads the logs of `repos` (default: the repository around `cwd`, when no `--log` is given) and
 * of `logs`, so an operations repository can aggregate every service's log. Entries with the same
 * id (a log copied into two places) are kept once.
 */
export async function readLogSources(cwd: string, repos: readonly string[], logs: readonly string[], logger: Logger): Promise<LogSources> {
  const found = await findLogSources(cwd, repos, logs, logger);
  const seen = new Set<string>();
  const entries: LogEntry[] = [];
  for (const log of found.logs) {
    const { entries: read, problems } = await readLog(log, logger);
    for (const p of problems.slice(0, 5)) logger.warn(`${log}:${p.line}: ${p.message}`);
    for (const e of read) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      entries.push(e);
    }
  }
  return { entries, sources: found.sources, config: found.config, root: found.root };
}

/** The change logs a support command reads, found but not read: their paths and what each came from. */
export interface FoundLogSources {
  readonly logs: string[];
  readonly sources: ExportSource[];
  readonly config?: TeamConfig;
  readonly root?: string;
}

/** Finds the logs of `repos` (default: the repository around `cwd`, when no `--log` is given) and of `logs`, for a command that reads them itself. */
export async function findLogSources(cwd: string, repos: readonly string[], logs: readonly string[], logger: Logger): Promise<FoundLogSources> {
  const roots = repos.length > 0 || logs.length > 0 ? repos.map((r) => resolve(cwd, r)) : [cwd];
  const files: { log: string; repository?: string; config?: TeamConfig }[] = [];
  for (const dir of roots) {
    const root = await repositoryRoot({ cwd: dir, logger });
    const { config, problems } = await loadTeamConfig(root);
    for (const p of problems) logger.warn(formatProblem(p));
    files.push({ log: changeLogPath(root, config.records.log.path), repository: root, config });
  }
  for (const log of logs) files.push({ log: resolve(cwd, log) });
  const sources: ExportSource[] = [];
  for (const file of files) {
    sources.push(await describeSource(file.log, file.repository ?? (await repositoryRoot({ cwd: resolve(file.log, '..'), logger }).catch(() => undefined))));
  }
  return { logs: files.map((f) => f.log), sources, config: files[0]?.config, root: files[0]?.repository };
}

async function describeSource(log: string, repository: string | undefined): Promise<ExportSource> {
  if (!repository) return { log };
  const path = relative(repository, log);
  if (path.startsWith('..') || isAbsolute(path)) return { log, repository };
  const commit = (await runGit(['log', '-1', '--format=%H', '--', path], { cwd: repository }).catch(() => '')).trim() || undefined;
  const dirty = (await runGit(['status', '--porcelain', '--', path], { cwd: repository }).catch(() => '')).trim() !== '';
  return { log: path, repository, commit, uncommitted: dirty };
}
