import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { changeTrail, eventually, terminalGit } from './testApi';

describe('branch commands on a detached HEAD (sitting on a deploy tag)', function () {
  this.timeout(60_000);

  before(async () => {
    await changeTrail();
    terminalGit('checkout', '-q', '--detach', 'deploy/staging/2026-11-19');
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
