import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GitExtension } from '../../src/host/git/gitApiTypes';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('ticket completion, links and hovers (local tickets file and git history)', function () {
  this.timeout(60_000);

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    const api = await changeTrail();
    await eventually(() => api.ticketCount(), (n) => n >= 6, 'tickets in the cache');
  });

  it('completes a project key prefix in the Source Control commit box', async () => {
    await vscode.commands.executeCommand('workbench.view.scm');
    const repo = vscode.extensions.getExtension<GitExtension>('vscode.git')!.exports.getAPI(1).repositories[0];
    repo.inputBox.value = 'Fix PROJ-1';
    const doc = await eventually(() => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'vscode-scm' && d.getText() === 'Fix PROJ-1'), (d) => d !== undefined, 'commit box document');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc!.uri, new vscode.Position(0, 10));
    const ours = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference);
    const labels = ours.map(labelOf);
    for (const key of ['PROJ-101', 'PROJ-117', 'PROJ-123', 'PROJ-130']) assert.ok(labels.includes(key), `${key} missing from ${labels.join(', ')}`);
    const item = ours.find((i) => labelOf(i) === 'PROJ-123')!;
    assert.equal((item.label as vscode.CompletionItemLabel).description, 'Shorten login timeout to 5 minutes');
    assert.equal(item.detail, 'In Progress · Ana Ruiz');
    assert.equal(item.insertText, 'PROJ-123');
    repo.inputBox.value = '';
  });

  it('completes in COMMIT_EDITMSG (git-commit), and finds tickets seen only in git history', async () => {
    const file = join(workspaceRepo(), '.git', 'COMMIT_EDITMSG');
    mkdirSync(join(workspaceRepo(), '.git'), { recursive: true });
    writeFileSync(file, 'OPS-\n# Please enter the commit message\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'git-commit');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 4), '-');
    const labels = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference).map(labelOf);
    assert.ok(labels.includes('OPS-7') && labels.includes('OPS-12'), labels.join(', '));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('turns ticket IDs in a commit message into links, with the title on hover', async () => {
    // A file of its own: COMMIT_EDITMSG is still open (with other text) from the test before.
    const file = join(workspaceRepo(), '.git', 'MERGE_MSG');
    writeFileSync(file, 'PROJ-123: Shorten login timeout\n\nRelated to OPS-7.\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'git-commit');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const targets = links.map((l) => l.target?.toString());
    assert.ok(targets.includes('https://acme.atlassian.net/browse/PROJ-123'), targets.join(', '));
    assert.ok(targets.includes('https://acme.atlassian.net/browse/OPS-7'), targets.join(', '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Shorten login timeout to 5 minutes/);
    assert.match(text, /In Progress/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(file, { force: true });
  });
});
