import type { TeamConfig } from '../core/config/teamConfigSchema';
import { type Clock, clockFromEnv } from '../core/clock';
import { MemoryLogIndex } from '../core/incidents/memoryLogIndex';
import type { Logger } from '../core/log';
import { changeLogPath, readLog } from '../core/records/changeLog';
import type { ChangeLogIndex } from '../core/records/index/changeLogIndex';

/**
 * The change log of a repository, to ask questions of. For now an in-memory index over readLog;
 * the incremental index (core/records/index) takes its place behind the same interface.
 */
export async function openLogIndex(root: string, config: Pick<TeamConfig, 'records'>, logger: Logger): Promise<ChangeLogIndex> {
  const path = changeLogPath(root, config.records.log.path);
  const { entries, problems } = await readLog(path, logger);
  return new MemoryLogIndex(path, entries, problems);
}

/** The CLI's clock: the system's, or CHANGETRAIL_NOW's (said on stderr, so a fixed clock never passes unnoticed). */
export function cliClock(err: (line: string) => void, env: Readonly<Record<string, string | undefined>> = process.env): Clock {
  return clockFromEnv(env, (iso) => err(`note: the clock is fixed at ${iso} (CHANGETRAIL_NOW)`));
}
