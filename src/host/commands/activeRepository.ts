import * as vscode from 'vscode';
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
