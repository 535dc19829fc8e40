import * as vscode from 'vscode';
import { linkTicket } from '../../core/git/gitConfig';
import type { CommandDefinition } from './commandContext';
import { pickTicket } from '../tickets/ticketPicker';
import { activeRepository } from './activeRepository';

/** ChangeTrail: Link Ticket to Current Branch: stored in git config, so hooks and CLI see it too. */
export const linkTicketCommand: CommandDefinition = {
  id: 'changetrail.linkTicket',
  run: async (services, ticketArg?: unknown) => {
    const target = activeRepository(services);
    if (!target) return undefined;
    const branch = target.repo.state.HEAD?.name;
    if (!branch) {
      void vscode.window.showInformationMessage('ChangeTrail: HEAD is detached; check out a branch first.');
      return undefined;
    }
    const ticket = typeof ticketArg === 'string' ? ticketArg : (await pickTicket(services, `Ticket for branch ${branch}`))?.key;
    if (!ticket) return undefined;
    await linkTicket(branch, ticket, { cwd: target.root.fsPath, gitPath: services.git.gitPath, logger: services.logger });
    await services.currentChange.refresh();
    void vscode.window.showInformationMessage(`ChangeTrail: branch ${branch} is linked to ${ticket}.`);
    return ticket;
  },
};
