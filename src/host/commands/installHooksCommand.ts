import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';
import { activeRepository } from './activeRepository';
import { walkthroughStepDone } from '../walkthroughSteps';

/** ChangeTrail: Install Git Hooks (the same hooks as `changetrail hooks install`). */
export const installHooksCommand: CommandDefinition = {
  id: 'changetrail.installHooks',
  run: async (services) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('ChangeTrail: git hooks run on every commit, so they are installed only in a trusted workspace.');
      return undefined;
    }
    const target = activeRepository(services);
    if (!target) return undefined;
    const result = await (await import('../../core/git/hooks/hookActions')).installHooks({
      cwd: target.root.fsPath,
      gitPath: services.git.gitPath,
      logger: services.logger,
      cliPath: vscode.Uri.joinPath(services.context.extensionUri, 'dist', 'cli.js').fsPath,
      nodePath: process.execPath,
      version: String(services.context.extension.packageJSON.version),
      prePush: services.currentChange.snapshot.config?.hooks.prePush ?? false,
      clock: services.clock,
    });
    const kept = result.chained.length > 0 ? ` Existing ${result.chained.join(', ')} hooks still run.` : '';
    services.logger.info(`Installed hooks ${result.installed.join(', ')} in ${result.location.hooksDir}`);
    walkthroughStepDone('hooks');
    void vscode.window.showInformationMessage(`ChangeTrail: git hooks installed. Commits from VS Code and the terminal now need a ticket.${kept}`);
    return result.installed;
  },
};
