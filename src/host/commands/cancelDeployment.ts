import * as vscode from 'vscode';
import { noteUri } from '../deployments/noteDraft';
import type { CommandDefinition } from './commandContext';

/** Drops a deployment note that is waiting for "Record and post". */
export const cancelDeploymentCommand: CommandDefinition = {
  id: 'changetrail.cancelDeployment',
  run: async ({ deployments, logger }, arg?: unknown) => {
    const uri = noteUri(arg);
    if (!uri || !deployments.get(uri)) return undefined;
    deployments.remove(uri);
    logger.info('Deployment note cancelled: nothing recorded');
    void vscode.window.showInformationMessage('ChangeTrail: nothing was recorded. The note stays open as plain text.');
    return true;
  },
};
