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
  return execFileSync('git', args, { cwd: workspaceRepo(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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
