import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GitAPI } from '../../src/host/git/gitApiTypes';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

/** The Source Control commit box of the workspace repository, through the built-in git extension. */
async function commitBox(): Promise<{ value: string }> {
  const git = vscode.extensions.getExtension<{ getAPI(v: 1): GitAPI }>('vscode.git')?.exports.getAPI(1);
  assert.ok(git, 'the git extension is loaded');
  // The git extension opens the repository on its own schedule: wait for it.
  const repo = await eventually(() => git.repositories.find((r) => r.rootUri.fsPath === workspaceRepo()), (r) => r !== undefined, 'the git extension opens the workspace repository');
  return repo!.inputBox;
}

describe('commit box prefill follows the branch (issue 10 item 1)', function () {
  this.timeout(60_000);

  after(async () => {
    (await commitBox()).value = '';
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
  });

  it('replaces its own untouched prefill on a terminal checkout, and clears it on a branch without a ticket', async () => {
    await changeTrail();
    const box = await commitBox();
    box.value = '';
    terminalGit('checkout', '-q', 'bugfix/OPS-7-crash-on-start');
    await eventually(() => box.value, (v) => v === 'OPS-7: ', 'prefilled with the branch ticket');
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    await eventually(() => box.value, (v) => v === 'PROJ-123: ', 'prefill follows the branch');
    terminalGit('checkout', '-q', 'spike/new-password-rules');
    // The old code left "PROJ-123: " in the box and the commit went in under the wrong ticket.
    await eventually(() => box.value, (v) => v === '', 'stale prefill cleared on a branch without a ticket');
  });

  it('never touches text the person typed', async () => {
    const box = await commitBox();
    terminalGit('checkout', '-q', 'bugfix/OPS-7-crash-on-start');
    await eventually(() => box.value, (v) => v === 'OPS-7: ', 'prefilled');
    box.value = 'OPS-7: explain the REDIS_URL message';
    terminalGit('checkout', '-q', 'spike/new-password-rules');
    await eventually(async () => (await changeTrail()).branchTicket(), (s) => 'branch' in s && s.branch === 'spike/new-password-rules', 'switched');
    assert.equal(box.value, 'OPS-7: explain the REDIS_URL message');
  });
});
