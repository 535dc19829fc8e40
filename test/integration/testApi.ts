import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { ChangeTrailApi } from '../../src/host/api';

/** The activated ChangeTrail extension's API (activates it when needed). */
export async function changeTrail(): Promise<ChangeTrailApi> {
  const extension = vscode.extensions.getExtension<ChangeTrailApi>('changetrail.changetrail');
  assert.ok(extension, 'ChangeTrail is not loaded in this extension host');
  const api = extension.isActive ? extension.exports : await extension.activate();
  await api.ready;
  return api;
}

/** The workspace folder the launcher opened: a real repository built by test/fixtures/demoRepo.mjs. */
export function workspaceRepo(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  return folder.uri.fsPath;
}

/** Runs git in the workspace repository as a terminal would, outside VS Code. */
export function terminalGit(...args: string[]): string {
  // VS Code's Git extension runs git in the same repository (status, refresh) and holds index.lock
  // for a moment; a person in a terminal who meets "index.lock: File exists" runs it again. So do we,
  // for up to five seconds (one CI run met it once).
  for (let waited = 0; ; waited += 100) {
    try {
      return execFileSync('git', args, { cwd: workspaceRepo(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      if (waited >= 5_000 || !/index\.lock': File exists/.test(String((error as { stderr?: unknown }).stderr ?? ''))) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
}

/** Polls `probe` until it returns a value that satisfies `ok`, or fails with the last value seen. */
export async function eventually<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > deadline) assert.fail(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
    last = await probe();
  }
  return last;
}
