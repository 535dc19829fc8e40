import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';

/** ChangeTrail: Open Impact Checklist: shows the current branch's checklist. */
export const openChecklistCommand: CommandDefinition = {
  id: 'changetrail.openChecklist',
  run: async ({ checklist }) => {
    await vscode.commands.executeCommand('changetrail.checklist.focus');
    await checklist.reload();
    return true;
  },
};
