import type { TeamConfig } from '../core/config/teamConfigSchema';
import type { ExportSource } from '../core/export/auditExport';
import type { Logger } from '../core/log';
import type { ChangeLogIndex } from '../core/records/index/changeLogIndex';
import { openChangeLogIndex } from '../core/records/index/openChangeLogIndex';
import { findLogSources } from './logSourceFiles';

/** The change logs a support command asks: one index per log, in the order given (see mergeById). */
export interface LogIndexes {
  readonly indexes: ChangeLogIndex[];
  /** Each index's log as `sources` name it (relative to its repository when inside it). */
  readonly names: string[];
  readonly sources: ExportSource[];
  /** The first repository's team config (time zone, environments, systems). */
  readonly config?: TeamConfig;
  readonly root?: string;
}

/**
 * The indexes of the logs of `repos` (default: the repository around `cwd`, when no `--log` is
 * given) and of `logs`, so an operations repository can aggregate every service's log, with the
 * same source descriptions as findLogSources gives. Nothing is read here: each command asks its indexes
 * only what it needs, and drops an entry met in an earlier log (mergeById), as the board does.
 * Throws BrokenTeamConfig as findLogSources does.
 */
export async function openLogIndexes(cwd: string, repos: readonly string[], logs: readonly string[], logger: Logger): Promise<LogIndexes> {
  const found = await findLogSources(cwd, repos, logs, logger);
  const indexes: ChangeLogIndex[] = [];
  const names: string[] = [];
  const seen = new Set<string>();
  for (const [i, log] of found.logs.entries()) {
    // The same log named twice (a --repo and its --log) is one index, as its entries would be kept once.
    const index = openChangeLogIndex(log, { logger });
    if (!seen.has(index.path)) {
      indexes.push(index);
      names.push(found.sources[i]?.log ?? log);
    }
    seen.add(index.path);
  }
  return { indexes, names, sources: found.sources, config: found.config, root: found.root };
}
