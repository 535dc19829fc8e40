import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { GitAPI, GitRepository } from '../../src/host/git/gitApiTypes';
import { changeTrail, eventually, workspaceRepo } from './testApi';

type OpenableGit = GitAPI & { openRepository(root: vscode.Uri): Promise<GitRepository | null> };

function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A second repository beside the workspace's, with the same team config and a branch per case. */
function secondRepository(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'changetrail-second-')), 'billing');
  mkdirSync(join(dir, '.changetrail'), { recursive: true });
  gitIn(dir, 'init', '-q', '-b', 'main');
  gitIn(dir, 'config', 'user.name', 'Ben Okafor');
  gitIn(dir, 'config', 'user.email', 'ben.okafor@example.com');
  gitIn(dir, 'config', 'commit.gpgsign', 'false');
  copyFileSync(join(workspaceRepo(), '.changetrail', 'config.json'), join(dir, '.changetrail', 'config.json'));
  writeFileSync(join(dir, 'invoice.ts'), 'export const vat = 0.2;\n');
  gitIn(dir, 'add', '-A');
  gitIn(dir, 'commit', '-q', '-m', 'OPS-12: first invoice');
  gitIn(dir, 'branch', 'feature/OPS-12-alerts');
  gitIn(dir, 'branch', 'spike/no-ticket-here');
  return dir;
}

describe('two repositories: each commit box follows its own branch', function () {
  this.timeout(90_000);
  let second: string;
  let repo: GitRepository;
  let git: OpenableGit;

  before(async () => {
    await changeTrail();
    git = vscode.extensions.getExtension<{ getAPI(v: 1): OpenableGit }>('vscode.git')!.exports.getAPI(1);
    second = secondRepository();
    gitIn(second, 'checkout', '-q', 'feature/OPS-12-alerts');
    const opened = await git.openRepository(vscode.Uri.file(second));
    assert.ok(opened, 'the git extension opens the second repository');
    repo = opened;
  });

  after(async () => {
    repo.inputBox.value = '';
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('git.close', vscode.Uri.file(second)).then(undefined, () => undefined);
    rmSync(join(second, '..'), { recursive: true, force: true });
  });

  it('a checkout in the repository whose editor is not active replaces that repository\'s prefill, never leaving the old ticket', async () => {
    const api = await changeTrail();
    repo.inputBox.value = '';
    await vscode.window.showTextDocument(vscode.Uri.file(join(second, 'invoice.ts')));
    await eventually(() => repo.inputBox.value, (v) => v === 'OPS-12: ', 'the second repository\'s box is prefilled with its ticket');
    // The person goes back to the first repository; the second one's branch changes in a terminal.
    await vscode.window.showTextDocument(vscode.Uri.file(join(workspaceRepo(), 'README.md')));
    await eventually(async () => (await api.branchTicket()).kind, (k) => k === 'ticket', 'the first repository is active');
    gitIn(second, 'checkout', '-q', 'spike/no-ticket-here');
    // The old code only looked at the active repository: "OPS-12: " stayed in the second box and
    // the next commit there went in under a ticket its branch does not name.
    await eventually(() => repo.inputBox.value, (v) => v === '', 'the stale prefill of the inactive repository is cleared', 10_000);
    gitIn(second, 'checkout', '-q', 'feature/OPS-12-alerts');
    await eventually(() => repo.inputBox.value, (v) => v === 'OPS-12: ', 'prefilled again on its ticket branch', 10_000);
  });
});
