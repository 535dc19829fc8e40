import type { TeamConfig } from '../core/config/teamConfigSchema';
import type { Logger } from '../core/log';
import { changeLogPath } from '../core/records/changeLog';
import type { ChangeLogIndex } from '../core/records/index/changeLogIndex';
import { openChangeLogIndex } from '../core/records/index/openChangeLogIndex';
import { sharedLogFoldersFromEnv } from '../core/records/logFile';

/** The change log of a repository, to ask questions of: the incremental index, over the path the team (and CHANGETRAIL_SHARED_LOG_FOLDERS) allow. */
export function openLogIndex(root: string, config: Pick<TeamConfig, 'records'>, logger: Logger): ChangeLogIndex {
  return openChangeLogIndex(changeLogPath(root, config.records.log.path, sharedLogFoldersFromEnv(process.env)), { logger });
}
