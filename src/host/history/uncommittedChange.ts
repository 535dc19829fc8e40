import { relative } from 'node:path';
import type * as vscode from 'vscode';
import type { BuiltinGit } from '../git/builtinGit';

/** Whether VS Code's Git sees `rel` (relative to `root`) changed in the work tree or the index. */
export function hasUncommittedChange(git: BuiltinGit, root: vscode.Uri, rel: string): boolean {
  const repo = git.repositoryAt(root) as unknown as { state: { workingTreeChanges?: { uri: vscode.Uri }[]; indexChanges?: { uri: vscode.Uri }[] } } | undefined;
  const changes = [...(repo?.state.workingTreeChanges ?? []), ...(repo?.state.indexChanges ?? [])];
  return changes.some((c) => relative(root.fsPath, c.uri.fsPath) === rel);
}
