import * as vscode from 'vscode';
import { runGit } from '../../core/git/runGit';
import { changeLogState } from '../records/changeLogState';
import type { CommandDefinition } from './commandContext';
import { activeChange } from './activeRepository';

/** ChangeTrail: Stage the Change Log with This Change: `git add` of the log, so the next commit carries the records. */
export const stageChangeLogCommand: CommandDefinition = {
  id: 'changetrail.stageChangeLog',
  run: async (services) => {
    const { git, logger } = services;
    const active = activeChange(services);
    if (!active) return undefined;
    const { root, config } = active;
    // Where records are written (a shared folder's absolute path is not under the root; a refused one throws, named).
    const logPath = await services.records.logPath(root, config);
    const state = await changeLogState(root.fsPath, logPath, { gitPath: git.gitPath, logger });
    if (!state.relPath) {
      void vscode.window.showInformationMessage(`ChangeTrail: the change log is outside the repository (${logPath}): nothing to stage.`);
      return undefined;
    }
    // No record submitted yet: git add would fail with "pathspec did not match any files".
    const { existsSync } = await import('node:fs');
    if (!existsSync(logPath)) {
      void vscode.window.showInformationMessage(`ChangeTrail: no change record yet (${state.relPath} does not exist): nothing to stage.`);
      return undefined;
    }
    await runGit(['add', '--', state.relPath], { cwd: root.fsPath, gitPath: git.gitPath, logger });
    logger.info(`Change log staged: ${state.relPath} goes with the next commit`);
    void vscode.window.setStatusBarMessage(`ChangeTrail: ${state.relPath} staged; it goes with your next commit`, 5000);
    return state.relPath;
  },
};
