import * as vscode from 'vscode';
import { createTeamConfig } from '../../core/config/createTeamConfig';
import { TEAM_CONFIG_PATH } from '../../core/config/teamConfigSchema';
import { starterTeamConfig } from '../../core/config/starterTeamConfig';
import type { CommandDefinition } from './commandContext';

/** ChangeTrail: Open Team Config: opens (or offers to create) `.changetrail/config.json`, at the first problem. */
export const openTeamConfigCommand: CommandDefinition = {
  id: 'changetrail.openTeamConfig',
  run: async (services, rootArg?: unknown) => {
    const { currentChange, teamConfig } = services;
    const root = rootArg instanceof vscode.Uri ? rootArg : currentChange.snapshot.repoRoot ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!root) {
      void vscode.window.showInformationMessage('ChangeTrail: open a folder with a git repository first.');
      return;
    }
    const file = vscode.Uri.joinPath(root, TEAM_CONFIG_PATH);
    const result = await teamConfig.get(root);
    if (!result.found) {
      // A "Create Team Config" button (the walkthrough, the welcome view) passes 'create': the person
      // already chose to create it, so it is not asked a second time.
      const choice = rootArg === 'create' ? 'Create' : await vscode.window.showInformationMessage(
        `ChangeTrail: ${TEAM_CONFIG_PATH} does not exist in ${root.fsPath}. Create it? Commit it so the whole team shares one policy.`,
        'Create',
      );
      if (choice !== 'Create') return;
      // Not workspace.fs.writeFile: it follows a symlinked .changetrail out of the repository and
      // overwrites a config that a pull brought while the question was open.
      const made = await createTeamConfig(root.fsPath, await starterTeamConfig({ root: root.fsPath, trusted: vscode.workspace.isTrusted, gitPath: services.git.gitPath, logger: services.logger }));
      if (made === 'exists') void vscode.window.showInformationMessage(`ChangeTrail: ${TEAM_CONFIG_PATH} appeared meanwhile; it was opened as it is, not replaced.`);
    }
    const editor = await vscode.window.showTextDocument(file);
    const first = result.problems[0];
    if (!first) return;
    const text = editor.document.getText();
    const key = first.field?.replace(/\[\d+\]$/, '').split('.').pop();
    const offset = key ? text.indexOf(`"${key}"`) : -1;
    const position = offset >= 0 ? editor.document.positionAt(offset) : new vscode.Position(Math.max(0, (first.line ?? 1) - 1), 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  },
};
