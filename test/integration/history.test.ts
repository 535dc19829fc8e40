import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HistoryRow } from '../../src/host/api';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

type CommitRow = Extract<HistoryRow, { kind: 'commit' }>;
const commits = (rows: readonly HistoryRow[]) => rows.filter((r): r is CommitRow => r.kind === 'commit');

describe('file history: what changed, why, by whom, and where it is live', function () {
  this.timeout(60_000);

  before(() => terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout'));

  it('follows a renamed file and says where each commit is live (deploy tags)', async () => {
    const api = await changeTrail();
    const file = vscode.Uri.file(join(workspaceRepo(), 'src', 'auth', 'sessionTimeout.ts'));
    await vscode.window.showTextDocument(file);
    // The first read may meet the git extension still opening the repository: wait for the rows.
    const rows = await eventually(async () => {
      await api.history.show(file);
      return commits(api.history.rows());
    }, (r) => r.length === 3, `history rows (${JSON.stringify(api.history.rows())})`);
    assert.deepEqual(rows.map((r) => r.subject), [
      'PROJ-123: Shorten login timeout to 5 minutes',
      'PROJ-130: Rename timeout.ts to sessionTimeout.ts',
      'PROJ-101: Add the login form',
    ]);
    assert.deepEqual(rows.map((r) => r.path), ['src/auth/sessionTimeout.ts', 'src/auth/sessionTimeout.ts', 'src/auth/timeout.ts']);
    const live = (r: CommitRow) => r.live.map((l) => `${l.environment}:${l.live}`).join(' ');
    assert.equal(live(rows[0]), 'staging:false production:false', 'the branch commit is live nowhere');
    assert.equal(live(rows[1]), 'staging:true production:false', 'the rename went to staging on 2026-11-19');
    assert.equal(live(rows[2]), 'staging:true production:true');
    assert.match(rows[2].summary, /^commit [0-9a-f]{10} · PROJ-101 · PROJ-101: Add the login form · Ana Ruiz · .* ago · live in staging, production · rollback: revert [0-9a-f]{7}$/);
    // runIntegration sets CHANGETRAIL_GIT_ROUTE=helper: those rows came from git started by the
    // helper process (core/git/gitSpawner.ts), which dist/extension.js took from dist/history.js.
    const slot = (globalThis as Record<symbol, unknown>)[Symbol.for('changetrail.gitSpawner')] as { spawner?: { available: boolean; pid?: number } } | undefined;
    assert.equal(slot?.spawner?.available, true, 'the git helper is running in the extension host');
    assert.notEqual(slot?.spawner?.pid, process.pid);
  });

  // While git was asked, the view had no rows, so its welcome text for a file ("This file has no
  // commits yet") showed for every file until the first page came: a claim nobody had checked.
  it('says it is reading while git answers a new file, never shows an empty view for it', async () => {
    const api = await changeTrail();
    const one = vscode.Uri.file(join(workspaceRepo(), 'src', 'auth', 'sessionTimeout.ts'));
    const other = vscode.Uri.file(join(workspaceRepo(), 'src', 'auth', 'sessionWarning.ts'));
    await api.history.show(one);
    const reading = api.history.show(other);
    const [row] = api.history.rows();
    assert.equal(row?.kind, 'message', `rows while reading: ${JSON.stringify(api.history.rows())}`);
    assert.match(row.kind === 'message' ? row.text ?? '' : '', /^Reading the history of sessionWarning\.ts/);
    await reading;
    assert.ok(commits(api.history.rows()).length > 0, 'the rows replace it');
  });

  it('shows uncommitted changes first, and says plainly when a file has no history', async () => {
    const api = await changeTrail();
    const file = join(workspaceRepo(), 'src', 'auth', 'sessionWarning.ts');
    writeFileSync(file, 'export const WARN_BEFORE_SECONDS = 90;\n');
    await eventually(async () => {
      await api.history.show(vscode.Uri.file(file));
      return api.history.rows()[0]?.kind;
    }, (k) => k === 'uncommitted', 'uncommitted row');
    terminalGit('checkout', '--', 'src/auth/sessionWarning.ts');
    const untracked = join(workspaceRepo(), 'notes.txt');
    writeFileSync(untracked, 'scratch\n');
    await api.history.show(vscode.Uri.file(untracked));
    const [row] = api.history.rows();
    assert.equal(row.kind, 'message');
    assert.match(row.text ?? '', /untracked|not tracked|no history/i);
  });

  it('a binary file lists its commits under a note; a file taken out of git keeps showing its history', async () => {
    const api = await changeTrail();
    const logo = join(workspaceRepo(), 'assets', 'logo.bin');
    mkdirSync(join(workspaceRepo(), 'assets'), { recursive: true });
    writeFileSync(logo, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    terminalGit('add', 'assets/logo.bin');
    terminalGit('commit', '-q', '--no-verify', '-m', 'PROJ-123: Add the logo');
    try {
      // The rows come first (the file is presumed tracked), the note once git says it is binary.
      const rows = await eventually(async () => {
        await api.history.show(vscode.Uri.file(logo));
        return api.history.rows();
      }, (r) => r[0]?.kind === 'message' && commits(r).length === 1, `binary file rows (${JSON.stringify(api.history.rows())})`);
      assert.match(rows[0].kind === 'message' ? rows[0].text ?? '' : '', /binary file/i);
      assert.equal(commits(rows)[0].subject, 'PROJ-123: Add the logo');
      // Taken out of the index but kept on disk: untracked now, and its history is still what matters.
      terminalGit('rm', '-q', '--cached', 'assets/logo.bin');
      await api.history.show(vscode.Uri.file(logo));
      assert.deepEqual(commits(api.history.rows()).map((r) => r.subject), ['PROJ-123: Add the logo']);
    } finally {
      terminalGit('reset', '-q', '--soft', 'HEAD~1');
      terminalGit('rm', '-q', '--cached', '--ignore-unmatch', 'assets/logo.bin');
      rmSync(join(workspaceRepo(), 'assets'), { recursive: true, force: true });
    }
  });

  it('"Why Did This Line Change?" goes from blame to ticket, record and where it is live', async () => {
    const api = await changeTrail();
    const doc = await vscode.workspace.openTextDocument(join(workspaceRepo(), 'src', 'auth', 'lockout.ts'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    // The answer is Markdown: take its escapes off before reading it.
    const answer = (await vscode.commands.executeCommand<string>('changetrail.whyDidThisLineChange')).replace(/\\(.)/g, '$1');
    assert.match(answer, /PROJ-117/);
    assert.match(answer, /Lock accounts after 5 failed logins/);
    assert.match(answer, /Ben Okafor/);
    assert.match(answer, /production: live/);
    assert.equal(api.history.lastWhy()?.replace(/\\(.)/g, '$1'), answer);
  });
});
