import * as vscode from 'vscode';
import { linkTicket } from '../../core/git/gitConfig';
import type { CommandDefinition } from './commandContext';
import { pickTicket } from '../tickets/ticketPicker';
import { activeRepository, checkedOutBranch } from './activeRepository';

/** ChangeTrail: Link Ticket to Current Branch: stored in git config, so hooks and CLI see it too. */
export const linkTicketCommand: CommandDefinition = {
  id: 'changetrail.linkTicket',
  run: async (services, ticketArg?: unknown, where?: unknown) => {
    // `where`: the repository of the commit box whose quick fix asked (several may be open).
    const target = activeRepository(services, where);
    if (!target) return undefined;
    const branch = checkedOutBranch(target.repo);
    if (!branch) return undefined;
    const ticket = typeof ticketArg === 'string' ? ticketArg : (await pickTicket(services, `Ticket for branch ${branch}`))?.key;
    if (!ticket) return undefined;
    await linkTicket(branch, ticket, { cwd: target.root.fsPath, gitPath: services.git.gitPath, logger: services.logger });
    await services.currentChange.refresh();
    void vscode.window.showInformationMessage(`ChangeTrail: branch ${branch} is linked to ${ticket}.`);
    return ticket;
  },
};
