import { formatProblem } from '../core/config/configProblem';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadTeamConfig } from '../core/config/loadTeamConfig';
import type { TeamConfig } from '../core/config/teamConfigSchema';
import type { ExportSource } from '../core/export/auditExport';
import { repositoryRoot } from '../core/git/repositoryInfo';
import { runGit } from '../core/git/runGit';
import type { Logger } from '../core/log';
import { changeLogPath } from '../core/records/changeLog';
import type { ChangeLogIndex } from '../core/records/index/changeLogIndex';
import { openChangeLogIndex } from '../core/records/index/openChangeLogIndex';

/** The change logs a support command asks: one index per log, in the order given (see mergeById). */
export interface LogIndexes {
  readonly indexes: ChangeLogIndex[];
  readonly sources: ExportSource[];
  /** The first repository's team config (time zone, environments, systems). */
  readonly config?: TeamConfig;
  readonly root?: string;
}

/**
 * The indexes of the logs of `repos` (default: the repository around `cwd`, when no `--log` is
 * given) and of `logs`, so an operations repository can aggregate every service's log, with the
 * same source descriptions as logSources.ts gives. Nothing is read here: each command asks its indexes
 * only what it needs, and drops an entry met in an earlier log (mergeById), as logSources.ts does.
 */
export async function openLogIndexes(cwd: string, repos: readonly string[], logs: readonly string[], logger: Logger): Promise<LogIndexes> {
  const roots = repos.length > 0 || logs.length > 0 ? repos.map((r) => resolve(cwd, r)) : [cwd];
  const files: { log: string; repository?: string; config?: TeamConfig }[] = [];
  for (const dir of roots) {
    const root = await repositoryRoot({ cwd: dir, logger });
    const { config, problems } = await loadTeamConfig(root);
    for (const p of problems) logger.warn(formatProblem(p));
    files.push({ log: changeLogPath(root, config.records.log.path), repository: root, config });
  }
  for (const log of logs) files.push({ log: resolve(cwd, log) });
  const indexes: ChangeLogIndex[] = [];
  const sources: ExportSource[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    // The same log named twice (a --repo and its --log) is one index, as its entries would be kept once.
    const index = openChangeLogIndex(file.log, { logger });
    if (!seen.has(index.path)) indexes.push(index);
    seen.add(index.path);
    sources.push(await describeSource(file.log, file.repository ?? (await repositoryRoot({ cwd: resolve(file.log, '..'), logger }).catch(() => undefined))));
  }
  return { indexes, sources, config: files[0]?.config, root: files[0]?.repository };
}

async function describeSource(log: string, repository: string | undefined): Promise<ExportSource> {
  if (!repository) return { log };
  const path = relative(repository, log);
  if (path.startsWith('..') || isAbsolute(path)) return { log, repository };
  const commit = (await runGit(['log', '-1', '--format=%H', '--', path], { cwd: repository }).catch(() => '')).trim() || undefined;
  const dirty = (await runGit(['status', '--porcelain', '--', path], { cwd: repository }).catch(() => '')).trim() !== '';
  return { log: path, repository, commit, uncommitted: dirty };
}
