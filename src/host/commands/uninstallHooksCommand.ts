import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';
import { activeRepository } from './activeRepository';

/** ChangeTrail: Uninstall Git Hooks: removes ours and restores what was there before. */
export const uninstallHooksCommand: CommandDefinition = {
  id: 'changetrail.uninstallHooks',
  run: async (services) => {
    const target = activeRepository(services);
    if (!target) return undefined;
    const { removed } = await (await import('../../core/git/hooks/hookActions')).uninstallHooks({ cwd: target.root.fsPath, gitPath: services.git.gitPath, logger: services.logger });
    void vscode.window.showInformationMessage(
      removed.length > 0 ? `ChangeTrail: removed the ${removed.join(', ')} hooks; the hooks that were there before are back.` : 'ChangeTrail: no ChangeTrail hooks were installed.',
    );
    return removed;
  },
};
