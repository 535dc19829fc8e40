import * as vscode from 'vscode';
import { findTickets } from '../../core/tickets/ticketRefs';
import type { GitRepository } from '../git/gitApiTypes';
import type { CommandServices } from './commandContext';

/** The repository a command acts on (the active one), or undefined after telling the person why. */
export function activeRepository({ currentChange, git }: CommandServices): { root: vscode.Uri; repo: GitRepository } | undefined {
  const root = currentChange.snapshot.repoRoot;
  const repo = root ? git.repositoryAt(root) : undefined;
  if (!root || !repo) {
    void vscode.window.showInformationMessage('ChangeTrail: open a folder with a git repository first.');
    return undefined;
  }
  return { root, repo };
}

/** Asks for a ticket ID (validated with the team's ticket syntax); `value` prefills it. */
export async function askForTicket(services: CommandServices, prompt: string, value?: string): Promise<string | undefined> {
  const syntax = services.currentChange.snapshot.config?.tickets ?? { projects: [], patterns: [] };
  const answer = await vscode.window.showInputBox({
    title: 'ChangeTrail',
    prompt,
    value,
    placeHolder: syntax.projects[0] ? `${syntax.projects[0]}-123` : 'PROJ-123',
    validateInput: (text) => (findTickets(text.trim(), syntax).length === 1 ? undefined : `Not a ticket ID${syntax.projects.length ? ` of ${syntax.projects.join(', ')}` : ''}`),
  });
  if (!answer) return undefined;
  return findTickets(answer.trim(), syntax)[0]?.id;
}
