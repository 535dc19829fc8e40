import * as vscode from 'vscode';

/** The repository root a Source Control input document belongs to (its URI carries `rootUri=`). */
export function scmInputRoot(document: vscode.TextDocument): vscode.Uri | undefined {
  if (document.uri.scheme !== 'vscode-scm') return undefined;
  const match = /(?:^|&)rootUri=([^&]+)/.exec(document.uri.query);
  return match ? vscode.Uri.parse(decodeURIComponent(match[1])) : undefined;
}
