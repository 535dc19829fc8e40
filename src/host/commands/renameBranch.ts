import * as vscode from 'vscode';
import { runGit } from '../../core/git/runGit';
import { branchNameFor, invalidBranchName } from '../../core/tickets/branchName';
import type { CommandDefinition } from './commandContext';
import { pickTicket } from '../tickets/ticketPicker';
import { activeRepository, checkedOutBranch } from './activeRepository';

/** ChangeTrail: Rename Branch to Include Ticket: `feature/login` becomes `feature/PROJ-123-login`. */
export const renameBranchCommand: CommandDefinition = {
  id: 'changetrail.renameBranch',
  run: async (services, ticketArg?: unknown, nameArg?: unknown) => {
    const target = activeRepository(services);
    const policy = services.currentChange.snapshot.config?.branches;
    if (!target || !policy) return undefined;
    const branch = checkedOutBranch(target.repo);
    if (!branch) return undefined;
    const ticket = typeof ticketArg === 'string' ? ticketArg : (await pickTicket(services, `Ticket to put into the name of ${branch}`))?.key;
    if (!ticket) return undefined;
    const slash = branch.indexOf('/');
    const proposed = branchNameFor({ ticket, type: slash > 0 ? branch.slice(0, slash) : 'feature', title: slash > 0 ? branch.slice(slash + 1) : branch }, policy);
    const name = typeof nameArg === 'string'
      ? nameArg
      : await vscode.window.showInputBox({ title: 'ChangeTrail: Rename Branch', value: proposed, prompt: `New name for ${branch}`, validateInput: invalidBranchName });
    if (!name || name === branch) return undefined;
    await runGit(['branch', '-m', branch, name], { cwd: target.root.fsPath, gitPath: services.git.gitPath, logger: services.logger });
    void vscode.window.showInformationMessage(`ChangeTrail: renamed ${branch} to ${name}. If it was pushed, push the new name and delete the old one on the remote.`);
    return name;
  },
};
