import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRepo } from './testApi';

/**
 * The workspace repository's team config and change log, as a suite found them: `edit` changes
 * the config, `restore` puts both back exactly (a log that did not exist is removed again).
 */
export interface TeamFiles {
  readonly configFile: string;
  readonly logFile: string;
  /** The change log as the suite found it (undefined: there was none). */
  readonly logBefore: string | undefined;
  edit(change: (config: Record<string, unknown>) => void): void;
  restore(): void;
}

export function keepTeamFiles(): TeamFiles {
  const configFile = join(workspaceRepo(), '.changetrail', 'config.json');
  const logFile = join(workspaceRepo(), '.changetrail', 'changes.jsonl');
  const original = readFileSync(configFile, 'utf8');
  const logBefore = existsSync(logFile) ? readFileSync(logFile, 'utf8') : undefined;
  return {
    configFile,
    logFile,
    logBefore,
    edit(change) {
      const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
      change(config);
      writeFileSync(configFile, JSON.stringify(config, null, 2));
    },
    restore() {
      writeFileSync(configFile, original);
      if (logBefore === undefined) rmSync(logFile, { force: true });
      else writeFileSync(logFile, logBefore);
    },
  };
}

/** The team files kept, then a config with no freeze and no channels: a suite that records deployments and posts nothing. */
export function keepQuietTeamFiles(): TeamFiles {
  const team = keepTeamFiles();
  team.edit((config) => {
    config.freeze = { weekly: [], dates: [] };
    config.channels = [];
  });
  return team;
}
