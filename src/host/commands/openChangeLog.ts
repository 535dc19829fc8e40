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
    // The log records are written to (a shared folder's, or refused by name when not allowed).
    const uri = vscode.Uri.file(await services.records.logPath(repoRoot, config));
    const path = config.records.log.path;
    try {
      await vscode.window.showTextDocument(uri, { preview: true });
    } catch {
      void vscode.window.showInformationMessage(`ChangeTrail: no change record yet (${path} does not exist).`);
    }
    return uri.fsPath;
  },
};
