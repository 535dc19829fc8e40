import * as vscode from 'vscode';
import type { TeamConfig } from '../../core/config/teamConfigSchema';
import { type GitRepository, RefType } from '../git/gitApiTypes';
import type { CommandServices } from './commandContext';

/**
 * The repository a command acts on, or undefined after telling the person why: the one `where`
 * names (a Uri, or a Source Control / commit box handing its `rootUri`), else the active one.
 */
export function activeRepository({ currentChange, git }: CommandServices, where?: unknown): { root: vscode.Uri; repo: GitRepository } | undefined {
  const named = where instanceof vscode.Uri ? where : (where as { rootUri?: unknown } | undefined)?.rootUri;
  const asked = named instanceof vscode.Uri ? git.repositoryFor(named) : undefined;
  const root = asked?.rootUri ?? currentChange.snapshot.repoRoot;
  const repo = asked ?? (root ? git.repositoryAt(root) : undefined);
  if (!root || !repo) {
    void vscode.window.showInformationMessage('ChangeTrail: open a folder with a git repository first.');
    return undefined;
  }
  return { root, repo };
}

/**
 * The branch checked out in `repo`, or undefined after saying HEAD is detached. On a detached HEAD
 * the git extension names the tag or remote branch it sits on: that name is no branch of ours.
 */
export function checkedOutBranch(repo: GitRepository): string | undefined {
  const head = repo.state.HEAD;
  if (head?.type === RefType.Head && head.name) return head.name;
  void vscode.window.showInformationMessage('ChangeTrail: HEAD is detached; check out a branch first.');
  return undefined;
}

/** The active repository's root and team policy, or undefined after telling the person to open one. */
export function activeChange({ currentChange }: CommandServices): { root: vscode.Uri; config: TeamConfig } | undefined {
  const { repoRoot: root, config } = currentChange.snapshot;
  if (!root || !config) {
    void vscode.window.showInformationMessage('ChangeTrail: open a folder with a git repository first.');
    return undefined;
  }
  return { root, config };
}
