import type { TeamConfig } from '../core/config/teamConfigSchema';
import { changeLogPath } from '../core/records/changeLog';
import { sharedLogFoldersFromEnv } from '../core/records/logFile';

/**
 * The change log of the repository at `root` as every CLI command reads and writes it: the team's
 * records.log.path, allowed inside the repository or inside a folder of CHANGETRAIL_SHARED_LOG_FOLDERS
 * (as the editor allows changetrail.records.sharedLogFolders). One place, so a command that writes
 * (record, gate, note --record) and one that reads (export, board, metrics) never disagree on it.
 * Throws LogPathRefused (exit 2) for any other place.
 */
export function cliLogPath(root: string, config: Pick<TeamConfig, 'records'>, env: NodeJS.ProcessEnv = process.env): string {
  return changeLogPath(root, config.records.log.path, sharedLogFoldersFromEnv(env));
}
