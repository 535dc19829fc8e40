import * as vscode from 'vscode';
import { linkTicket } from '../../core/git/gitConfig';
import { branchNameFor, invalidBranchName } from '../../core/tickets/branchName';
import { findTickets, ticketFromBranch } from '../../core/tickets/ticketRefs';
import type { CommandDefinition } from './commandContext';
import { activeRepository, askForTicket } from './activeRepository';

const TYPES = ['feature', 'bugfix', 'hotfix', 'chore', 'docs', 'refactor'];

/** ChangeTrail: Create Branch from Ticket...: names the branch with the team's template and checks it out. */
export const createBranchFromTicketCommand: CommandDefinition = {
  id: 'changetrail.createBranchFromTicket',
  run: async (services, ticketArg?: unknown, titleArg?: unknown, typeArg?: unknown) => {
    const target = activeRepository(services);
    const config = services.currentChange.snapshot.config;
    if (!target || !config) return undefined;
    let ticket = typeof ticketArg === 'string' ? ticketArg : undefined;
    if (!ticket) {
      const clip = findTickets(await vscode.env.clipboard.readText(), config.tickets)[0]?.id;
      ticket = await askForTicket(services, 'Ticket to work on', clip);
    }
    if (!ticket) return undefined;
    const title = typeof titleArg === 'string' ? titleArg : await vscode.window.showInputBox({ title: 'ChangeTrail: Create Branch', prompt: `Short title for ${ticket} (optional)` });
    if (title === undefined) return undefined;
    let type = typeof typeArg === 'string' ? typeArg : 'feature';
    if (typeof typeArg !== 'string' && config.branches.nameTemplate.includes('{type}')) {
      const picked = await vscode.window.showQuickPick(TYPES, { title: 'ChangeTrail: Kind of change' });
      if (!picked) return undefined;
      type = picked;
    }
    const proposed = branchNameFor({ ticket, title, type }, config.branches);
    const name = typeof ticketArg === 'string'
      ? proposed
      : await vscode.window.showInputBox({ title: 'ChangeTrail: Create Branch', value: proposed, prompt: 'Branch name', validateInput: invalidBranchName });
    if (!name) return undefined;
    await target.repo.createBranch(name, true);
    // A template without {ticket} gives a name the hooks cannot read the ticket from: link it.
    if (ticketFromBranch(name, config.tickets) !== ticket) {
      await linkTicket(name, ticket, { cwd: target.root.fsPath, gitPath: services.git.gitPath, logger: services.logger });
    }
    await services.currentChange.refresh();
    return name;
  },
};
