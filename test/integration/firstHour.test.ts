import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

// Issue 10 items 8 and 10: File History rows and the commands people look for.
describe('first hour: File History and commands (issue 10)', function () {
  this.timeout(90_000);
  let logBefore: string | undefined;
  const logFile = () => join(workspaceRepo(), '.changetrail', 'changes.jsonl');

  before(() => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    logBefore = existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : undefined;
  });

  after(async () => {
    if (logBefore === undefined) rmSync(logFile(), { force: true });
    else writeFileSync(logFile(), logBefore);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('File History names its file, shows each commit by its own subject, copies a line with the commit id, and clears with no editor', async () => {
    const api = await changeTrail();
    const file = vscode.Uri.file(join(workspaceRepo(), 'src', 'auth', 'sessionTimeout.ts'));
    await vscode.window.showTextDocument(file);
    await api.history.show(file);
    const rows = await eventually(() => api.history.rows().filter((r) => r.kind === 'commit'), (r) => r.length >= 2, 'commit rows');
    for (const row of rows) if ('label' in row) assert.equal(row.label, row.subject, 'the row is the commit subject, not the ticket title');
    const first = rows[0] as Extract<(typeof rows)[number], { sha: string }>;
    assert.ok(first.summary.includes(first.sha.slice(0, 10)), `copied line has the commit id: ${first.summary}`);
    assert.match(first.description, /^[✓✗] /, `live-in comes first in the row: ${first.description}`);
    assert.equal(api.history.file(), file.fsPath);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await eventually(() => api.history.file(), (f) => f === undefined, 'history cleared without an editor');
    assert.equal(api.history.rows().length, 0);
  });

  it('Show Recent Deployments lists the newest deployments per environment', async () => {
    const id = await vscode.commands.executeCommand<string>('changetrail.recordDeployment', { environment: 'staging', confirm: true, overrideReason: 'test' });
    assert.ok(id);
    const recent = await vscode.commands.executeCommand<{ environment: string; id: string }[]>('changetrail.showRecentDeployments', { list: true });
    assert.ok(recent.some((d) => d.environment === 'staging' && d.id === id), JSON.stringify(recent));
  });

  it('the new commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['changetrail.openChecklist', 'changetrail.submitChecklist', 'changetrail.showRecentDeployments', 'changetrail.getStarted', 'changetrail.stageChangeLog', 'changetrail.confirmDeployment']) assert.ok(all.includes(id), id);
  });
});
