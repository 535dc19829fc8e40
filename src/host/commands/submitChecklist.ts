import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';

/**
 * ChangeTrail: Submit Impact Checklist: submits the current branch's checklist as a change record,
 * or says what is missing and opens the checklist there.
 */
export const submitChecklistCommand: CommandDefinition = {
  id: 'changetrail.submitChecklist',
  run: async ({ checklist, logger }) => {
    const before = await checklist.currentState();
    if (!before) {
      void vscode.window.showInformationMessage('ChangeTrail: check out a branch of a git repository to fill an impact checklist.');
      logger.info('Submit Impact Checklist: no branch checked out');
      return undefined;
    }
    await checklist.handle({ type: 'submit' });
    const after = await checklist.currentState();
    if (after && after.problems.length > 0) {
      logger.info(`Submit Impact Checklist: not submitted: ${after.problems.join('; ')}`);
      void vscode.commands.executeCommand('changetrail.checklist.focus');
      void vscode.window.showWarningMessage(`ChangeTrail: not submitted: ${after.problems[0]}`);
      return undefined;
    }
    return after?.records[0]?.id;
  },
};
