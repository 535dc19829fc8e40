import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';

/** ChangeTrail: Get Started: the first-hour walkthrough. */
export const getStartedCommand: CommandDefinition = {
  id: 'changetrail.getStarted',
  run: () => vscode.commands.executeCommand('workbench.action.openWalkthrough', 'changetrail.changetrail#changetrail.firstHour', false),
};
