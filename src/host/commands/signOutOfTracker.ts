import * as vscode from 'vscode';
import { trackerLabel } from '../../core/tickets/providers/trackerLabel';
import type { CommandDefinition } from './commandContext';
import { pickTracker } from './signInToTracker';

/** ChangeTrail: Sign Out of Tracker...: forgets the stored token. */
export const signOutOfTrackerCommand: CommandDefinition = {
  id: 'changetrail.signOutOfTracker',
  run: async (services) => {
    const tracker = await pickTracker(services, 'ChangeTrail: Sign Out of Tracker');
    if (!tracker) return undefined;
    await services.credentials.delete(tracker);
    void vscode.window.showInformationMessage(`ChangeTrail: signed out of ${trackerLabel(tracker)}.`);
    return undefined;
  },
};
