import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';
import { activeChange } from './activeRepository';

/** ChangeTrail: Refresh Ticket Cache: fetches recent tickets from every tracker now. */
export const refreshTicketsCommand: CommandDefinition = {
  id: 'changetrail.refreshTickets',
  run: async (services) => {
    const { tickets } = services;
    const root = activeChange(services)?.root;
    if (!root) return undefined;
    const directory = await tickets.directory(root);
    const outcomes = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ChangeTrail: refreshing tickets' }, () => directory.refresh());
    const failed = outcomes.filter((o) => o.error);
    if (failed.length > 0) void vscode.window.showWarningMessage(`ChangeTrail: ${failed.map((f) => f.error).join('; ')}`);
    return directory.size;
  },
};
