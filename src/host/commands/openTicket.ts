import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';

/** ChangeTrail: Open Ticket of Current Branch (also the status bar item's click). */
export const openTicketCommand: CommandDefinition = {
  id: 'changetrail.openTicket',
  run: async ({ currentChange }, url?: unknown) => {
    const status = currentChange.snapshot.status;
    const target = typeof url === 'string' ? url : status.kind === 'ticket' ? status.url : undefined;
    if (target && /^https?:\/\//i.test(target)) return vscode.env.openExternal(vscode.Uri.parse(target, true));
    if (status.kind === 'noRepository') {
      void vscode.window.showInformationMessage('ChangeTrail: open a folder with a git repository first.');
      return undefined;
    }
    const why = status.kind === 'ticket'
      ? `Ticket ${status.ticket} has no link: set "tickets.urlTemplate" in the team config.`
      : status.kind === 'detached' ? 'HEAD is detached, so there is no branch ticket.' : 'The current branch names no ticket.';
    const choice = await vscode.window.showInformationMessage(`ChangeTrail: ${why}`, 'Open Team Config');
    if (choice) await vscode.commands.executeCommand('changetrail.openTeamConfig');
    return undefined;
  },
};
