import * as vscode from 'vscode';
import { linkTicket } from '../../core/git/gitConfig';
import { branchNameFor, invalidBranchName } from '../../core/tickets/branchName';
import { ticketFromBranch } from '../../core/tickets/ticketRefs';
import { pickTicket } from '../tickets/ticketPicker';
import type { CommandDefinition } from './commandContext';
import { activeRepository } from './activeRepository';

const TYPES = ['feature', 'bugfix', 'hotfix', 'chore', 'docs', 'refactor'];

/** ChangeTrail: Create Branch from Ticket...: names the branch with the team's template and checks it out. */
export const createBranchFromTicketCommand: CommandDefinition = {
  id: 'changetrail.createBranchFromTicket',
  run: async (services, ticketArg?: unknown, titleArg?: unknown, typeArg?: unknown) => {
    // From the Source Control title bar the first argument is that repository's Source Control.
    const target = activeRepository(services, ticketArg);
    const config = target && (await services.currentChange.snapshotAt(target.root))?.config;
    if (!target || !config) return undefined;
    const picked = typeof ticketArg === 'string' ? { key: ticketArg } : await pickTicket(services, 'Create Branch from Ticket');
    if (!picked) return undefined;
    const ticket = picked.key;
    // The branch slug comes from the ticket's title, not from whatever branch is checked out.
    const title = typeof titleArg === 'string'
      ? titleArg
      : await vscode.window.showInputBox({ title: 'ChangeTrail: Create Branch', prompt: `Short title for ${ticket} (it becomes the branch name's slug)`, value: picked.title ?? '', ignoreFocusOut: true });
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
    services.logger.info(`Created branch ${name} for ${ticket}`);
    await services.currentChange.refresh();
    return name;
  },
};
