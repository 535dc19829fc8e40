import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GitAPI } from '../../src/host/git/gitApiTypes';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

describe('branch commands on a detached HEAD (sitting on a deploy tag)', function () {
  this.timeout(60_000);

  before(async () => {
    await changeTrail();
    const git = vscode.extensions.getExtension<{ getAPI(v: 1): GitAPI }>('vscode.git')!.exports.getAPI(1);
    // The git extension opens the repository on its own schedule; its HEAD must be the branch first.
    await eventually(() => git.repositories.find((r) => r.rootUri.fsPath === workspaceRepo())?.state.HEAD?.name, (name) => name === 'feature/PROJ-123-login-timeout', 'the git extension reads the branch');
    terminalGit('checkout', '-q', '--detach', 'deploy/staging/2026-11-19');
    // Then it names the tag HEAD sits on (a fresh repository reads as "detached" before its HEAD is known).
    await eventually(() => git.repositories.find((r) => r.rootUri.fsPath === workspaceRepo())?.state.HEAD?.name, (name) => name === 'deploy/staging/2026-11-19', 'the git extension sees the detached HEAD');
    await eventually(async () => (await changeTrail()).branchTicket(), (s) => s.kind === 'detached', 'ChangeTrail sees the detached HEAD');
  });

  after(() => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
  });

  it('Link Ticket links nothing to the tag the git extension names as HEAD', async () => {
    const linked = await vscode.commands.executeCommand('changetrail.linkTicket', 'OPS-12');
    // The old code took the tag's name for a branch: it wrote branch.deploy/staging/2026-11-19.changetrailTicket
    // and said "branch deploy/staging/2026-11-19 is linked to OPS-12".
    assert.equal(linked, undefined);
    assert.throws(() => terminalGit('config', '--get', 'branch.deploy/staging/2026-11-19.changetrailTicket'), 'no ticket is linked to the tag');
  });

  it('Rename Branch renames nothing', async () => {
    const renamed = await vscode.commands.executeCommand('changetrail.renameBranch', 'OPS-12', 'feature/OPS-12-from-a-tag');
    assert.equal(renamed, undefined);
    assert.throws(() => terminalGit('rev-parse', '--verify', '--quiet', 'refs/heads/feature/OPS-12-from-a-tag'), 'no branch was made');
  });
});

describe('a failing command', function () {
  this.timeout(60_000);

  it('returns at once after showing its error, without waiting for the person to dismiss it', async () => {
    await changeTrail();
    // git refuses the name "bad..name", so the command fails inside git.
    const answer = await Promise.race([
      vscode.commands.executeCommand('changetrail.renameBranch', 'OPS-12', 'bad..name').then((value) => ({ value })),
      new Promise((resolve) => setTimeout(() => resolve('still waiting on the error message'), 8_000)),
    ]);
    // The old wrapper awaited showErrorMessage: a caller (the checklist staging the log after a
    // submit) hung until the message was dismissed.
    assert.deepEqual(answer, { value: undefined });
    assert.throws(() => terminalGit('rev-parse', '--verify', '--quiet', 'refs/heads/bad..name'));
  });
});
