import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GitExtension } from '../../src/host/git/gitApiTypes';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

function gitRepository() {
  const api = vscode.extensions.getExtension<GitExtension>('vscode.git')!.exports.getAPI(1);
  const repo = api.repositories[0];
  assert.ok(repo, 'the git extension has no repository open');
  return repo;
}

function commitFails(message: string): string | undefined {
  try {
    terminalGit('commit', '--allow-empty', '-m', message);
    return undefined;
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

describe('tickets on branches and commits (in the extension host)', function () {
  this.timeout(90_000);

  after(async () => {
    await vscode.commands.executeCommand('changetrail.uninstallHooks');
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
  });

  it('warns once about a branch that names no ticket, also after a terminal checkout', async () => {
    const api = await changeTrail();
    const key = `${workspaceRepo()}::spike/new-password-rules`;
    terminalGit('checkout', '-q', 'spike/new-password-rules');
    await eventually(() => api.warnedBranches(), (w) => w.includes(key), 'warned branches');
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) PROJ-123', 'back on the ticket branch');
    terminalGit('checkout', '-q', 'spike/new-password-rules');
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) No ticket', 'on the spike again');
    assert.equal(api.warnedBranches().filter((k) => k === key).length, 1, 'warned once only');
  });

  it('"Link Ticket" stores the ticket in git config, where hooks and CLI see it', async () => {
    const api = await changeTrail();
    await vscode.commands.executeCommand('changetrail.linkTicket', 'OPS-12');
    assert.equal(terminalGit('config', '--get', 'branch.spike/new-password-rules.changetrailTicket').trim(), 'OPS-12');
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) OPS-12', 'linked ticket in the status bar');
    terminalGit('config', '--unset', 'branch.spike/new-password-rules.changetrailTicket');
  });

  it('prefills an empty commit box with the branch ticket', async () => {
    const api = await changeTrail();
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) PROJ-123', 'ticket branch');
    const repo = gitRepository();
    repo.inputBox.value = '';
    terminalGit('checkout', '-q', 'bugfix/OPS-7-crash-on-start');
    await eventually(() => repo.inputBox.value, (v) => v === 'OPS-7: ', 'prefilled commit box');
  });

  it('warns in the commit box while the message names no ticket, and the quick fix adds it', async () => {
    await changeTrail();
    await vscode.commands.executeCommand('workbench.view.scm');
    const repo = gitRepository();
    repo.inputBox.value = 'Fail fast without REDIS_URL';
    const doc = await eventually(
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'vscode-scm' && d.getText() === 'Fail fast without REDIS_URL'),
      (d) => d !== undefined,
      'the commit box document',
    );
    const diagnostics = await eventually(() => vscode.languages.getDiagnostics(doc!.uri).filter((d) => d.source === 'ChangeTrail'), (d) => d.length === 1, 'diagnostic');
    assert.match(diagnostics[0].message, /No ticket in this commit message\. Add OPS-7/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc!.uri, diagnostics[0].range);
    const fix = actions.find((a) => a.title === 'Add OPS-7');
    assert.ok(fix?.edit, `no "Add OPS-7" fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await eventually(() => repo.inputBox.value, (v) => v === 'OPS-7: Fail fast without REDIS_URL', 'fixed message');
    await eventually(() => vscode.languages.getDiagnostics(doc!.uri).filter((d) => d.source === 'ChangeTrail').length, (n) => n === 0, 'diagnostic cleared');
    repo.inputBox.value = '';
  });

  it('"Create Branch from Ticket" names the branch with the team template and checks it out', async () => {
    const api = await changeTrail();
    const name = await vscode.commands.executeCommand('changetrail.createBranchFromTicket', 'PROJ-200', 'Add SSO login (SAML)', 'feature');
    assert.equal(name, 'feature/PROJ-200-add-sso-login-saml');
    await eventually(() => terminalGit('symbolic-ref', '--short', 'HEAD').trim(), (b) => b === name, 'checked out');
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) PROJ-200', 'new ticket in the status bar');
  });

  it('"Install Git Hooks" checks terminal commits; "Uninstall" restores the hooks folder', async () => {
    await changeTrail();
    const hook = join(workspaceRepo(), '.git', 'hooks', 'commit-msg');
    const installed = await vscode.commands.executeCommand<string[]>('changetrail.installHooks');
    assert.deepEqual(installed, ['prepare-commit-msg', 'commit-msg']);
    assert.match(readFileSync(hook, 'utf8'), /changetrail-hook v1/);
    terminalGit('checkout', '-q', 'spike/new-password-rules');
    const refusal = commitFails('Try a thing');
    assert.match(refusal ?? '', /names no ticket/, 'a ticketless terminal commit is refused');
    terminalGit('checkout', '-q', 'feature/PROJ-200-add-sso-login-saml');
    assert.equal(commitFails('Wire the SAML callback'), undefined);
    assert.equal(terminalGit('log', '-1', '--format=%s').trim(), 'PROJ-200: Wire the SAML callback');
    await vscode.commands.executeCommand('changetrail.uninstallHooks');
    assert.throws(() => readFileSync(hook, 'utf8'), 'commit-msg hook removed (there was none before)');
  });
});
