import type { TeamConfig } from '../core/config/teamConfigSchema';
import type { Logger } from '../core/log';
import type { ChangeLogIndex } from '../core/records/index/changeLogIndex';
import { openChangeLogIndex } from '../core/records/index/openChangeLogIndex';
import { cliLogPath } from './cliLogPath';

/** The change log of a repository, to ask questions of: the incremental index, over the path the team (and CHANGETRAIL_SHARED_LOG_FOLDERS) allow. */
export function openLogIndex(root: string, config: Pick<TeamConfig, 'records'>, logger: Logger): ChangeLogIndex {
  return openChangeLogIndex(cliLogPath(root, config), { logger });
}
