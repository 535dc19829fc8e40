import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ChangeTrailError } from '../core/errors';
import type { TeamConfig } from '../core/config/teamConfigSchema';
import type { ExportSource } from '../core/export/auditExport';
import { repositoryRoot, repositoryRootOf } from '../core/git/repositoryInfo';
import { runGit } from '../core/git/runGit';
import type { Logger } from '../core/log';
import { cliLogPath } from './cliLogPath';
import { usableTeamConfig } from './usableTeamConfig';

/** The change logs a support command reads, found but not read: their paths and what each came from. */
export interface FoundLogSources {
  readonly logs: string[];
  readonly sources: ExportSource[];
  readonly config?: TeamConfig;
  readonly root?: string;
}

/**
 * Finds the logs of `repos` (default: the repository around `cwd`, when no `--log` is given) and of
 * `logs`, for a command that reads them itself. Throws BrokenTeamConfig when a repository's team
 * config is broken: its default log is not where that team records (catch it with unlessConfigBroken).
 */
export async function findLogSources(cwd: string, repos: readonly string[], logs: readonly string[], logger: Logger): Promise<FoundLogSources> {
  const roots = repos.length > 0 || logs.length > 0 ? repos.map((r) => resolve(cwd, r)) : [cwd];
  const files: { log: string; repository?: string; config?: TeamConfig }[] = [];
  for (const dir of roots) {
    const root = await repositoryRoot({ cwd: dir, logger });
    const config = await usableTeamConfig(root, logger, cwd);
    files.push({ log: cliLogPath(root, config), repository: root, config });
  }
  for (const log of logs) {
    // A repository's own log may not exist yet (nothing recorded); a log named by --log must: a
    // mistyped path gave an empty board, metrics of nothing and an export of 0 rows, with exit 0.
    const path = resolve(cwd, log);
    const missing = await stat(path).then(() => false, (error: NodeJS.ErrnoException) => error.code === 'ENOENT' || error.code === 'ENOTDIR');
    if (missing) throw new ChangeTrailError('BadInput', `--log ${log}: no such file (a change log named with --log must exist)`);
    files.push({ log: path });
  }
  const sources: ExportSource[] = [];
  for (const file of files) {
    sources.push(await describeSource(file.log, file.repository ?? (await repositoryRootOf(resolve(file.log, '..'), { logger }))));
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
