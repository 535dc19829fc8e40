import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GitAPI, GitRepository } from '../../src/host/git/gitApiTypes';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

type OpenableGit = GitAPI & { openRepository(root: vscode.Uri): Promise<GitRepository | null> };

function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A repository with its own tracker (projects and URL), unlike the workspace's PROJ/OPS on acme. */
function billingRepository(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'changetrail-billing-')), 'billing');
  mkdirSync(join(dir, '.changetrail'), { recursive: true });
  gitIn(dir, 'init', '-q', '-b', 'main');
  gitIn(dir, 'config', 'user.name', 'Ben Okafor');
  gitIn(dir, 'config', 'user.email', 'ben.okafor@example.com');
  gitIn(dir, 'config', 'commit.gpgsign', 'false');
  writeFileSync(join(dir, '.changetrail', 'config.json'), `${JSON.stringify({ version: 1, tickets: { projects: ['BILL'], urlTemplate: 'https://billing.example.com/issues/{ticket}' } }, null, 2)}\n`);
  writeFileSync(join(dir, 'invoice.ts'), 'export const vat = 0.2;\n');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'BILL-1: first invoice');
  return dir;
}

describe('ticket links in a repository whose editor is not active', function () {
  this.timeout(90_000);
  let billing: string;

  before(async () => {
    await changeTrail();
    billing = billingRepository();
    const git = vscode.extensions.getExtension<{ getAPI(v: 1): OpenableGit }>('vscode.git')!.exports.getAPI(1);
    assert.ok(await git.openRepository(vscode.Uri.file(billing)), 'the git extension opens the billing repository');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('git.close', vscode.Uri.file(billing)).then(undefined, () => undefined);
    rmSync(join(billing, '..'), { recursive: true, force: true });
  });

  it('links a commit message with its own repository\'s tracker, not the active repository\'s', async () => {
    const api = await changeTrail();
    // The workspace repository (PROJ/OPS on acme) stays active while billing's message is read.
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    await vscode.window.showTextDocument(vscode.Uri.file(join(workspaceRepo(), 'README.md')));
    const activeTicket = async () => { const s = await api.branchTicket(); return s.kind === 'ticket' ? s.ticket : s.kind; };
    await eventually(activeTicket, (t) => t === 'PROJ-123', 'the workspace repository is active');
    const file = join(billing, '.git', 'MERGE_MSG');
    writeFileSync(file, 'BILL-7: round VAT per line\n');
    const doc = await vscode.workspace.openTextDocument(file);
    // Before: the active repository's config was used, so BILL-7 got acme's URL (or no link at all).
    const targets = await eventually(
      async () => (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri)).map((l) => l.target?.toString()),
      (t) => t.length > 0,
      'links in the billing message',
    );
    assert.deepEqual(targets, ['https://billing.example.com/issues/BILL-7']);
    assert.equal(await activeTicket(), 'PROJ-123', 'the workspace repository was active throughout');
  });
});
