import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';
import { activeChange } from './activeRepository';

/** ChangeTrail: Open Change Log: the shared JSONL log of the active repository. */
export const openChangeLogCommand: CommandDefinition = {
  id: 'changetrail.openChangeLog',
  run: async (services) => {
    const active = activeChange(services);
    if (!active) return undefined;
    const { root: repoRoot, config } = active;
    const path = config.records.log.path;
    const uri = /^([a-zA-Z]:)?[\\/]/.test(path) ? vscode.Uri.file(path) : vscode.Uri.joinPath(repoRoot, path);
    try {
      await vscode.window.showTextDocument(uri, { preview: true });
    } catch {
      void vscode.window.showInformationMessage(`ChangeTrail: no change record yet (${path} does not exist).`);
    }
    return uri.fsPath;
  },
};
