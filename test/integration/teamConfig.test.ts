import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

describe('team config in the editor', function () {
  this.timeout(60_000);
  const file = () => join(workspaceRepo(), '.changetrail', 'config.json');
  let original = '';

  before(async () => {
    original = readFileSync(file(), 'utf8');
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    const api = await changeTrail();
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) PROJ-123', 'start state');
  });

  after(() => writeFileSync(file(), original));

  it('applies a policy change as soon as the file is saved', async () => {
    const api = await changeTrail();
    writeFileSync(file(), JSON.stringify({ tickets: { projects: ['OPS'] } }));
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) No ticket', 'PROJ is no longer an allowed project');
  });

  it('carries on with defaults when the file is broken, and keeps working', async () => {
    const api = await changeTrail();
    writeFileSync(file(), '{ "tickets": { "projects": ["OPS"], }');
    // Defaults allow any project key, so the PROJ ticket counts again: the extension did not stop.
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) PROJ-123', 'defaults after a syntax error');
    const status = await api.branchTicket();
    assert.equal(status.kind, 'ticket');
  });

  it('"Open Team Config" opens the file', async () => {
    writeFileSync(file(), original);
    await vscode.commands.executeCommand('changetrail.openTeamConfig');
    await eventually(() => vscode.window.activeTextEditor?.document.uri.fsPath, (p) => p === file(), 'active editor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // The walkthrough's and the welcome view's "Create Team Config" buttons pass 'create': the person
  // chose to create the file, and was then asked "Create it?" a second time (a toast that, left
  // unanswered, made nothing). Here the command would wait on that question forever.
  it('"Create Team Config" from a button creates the file without asking again', async () => {
    const api = await changeTrail();
    // A policy the status bar shows, then no file: the defaults back prove the removal was seen.
    writeFileSync(file(), JSON.stringify({ tickets: { projects: ['OPS'] } }));
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) No ticket', 'PROJ is no longer an allowed project');
    rmSync(file());
    try {
      await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) PROJ-123', 'defaults without a config');
      await vscode.commands.executeCommand('changetrail.openTeamConfig', 'create');
      assert.ok(existsSync(file()), 'the config was created');
      assert.match(readFileSync(file(), 'utf8'), /"version": 1/, 'a starter config');
      await eventually(() => vscode.window.activeTextEditor?.document.uri.fsPath, (p) => p === file(), 'opened in an editor');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      writeFileSync(file(), original);
    }
  });
});
