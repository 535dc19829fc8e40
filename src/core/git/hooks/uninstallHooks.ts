import { readFile, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunGitOptions } from '../runGit';
import { type HookLocation, hookLocation } from './hookLocation';
import { readHookManifest } from './hookManifest';
import { HOOK_MARKER, type HookName } from './hookScripts';

const HOOKS: readonly HookName[] = ['commit-msg', 'prepare-commit-msg', 'pre-push'];

/** Removes one of ChangeTrail's hooks and puts back the hook it had kept, if any. */
export async function uninstallHook(location: HookLocation, hook: HookName): Promise<boolean> {
  const path = join(location.hooksDir, hook);
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch {
    return false;
  }
  if (!content.includes(HOOK_MARKER)) return false; // not ours: leave it alone
  await rm(path);
  try {
    await rename(`${path}.pre-changetrail`, path);
  } catch {
    // nothing was kept
  }
  return true;
}

/**
 * Removes ChangeTrail's hooks, restores the hooks that were there before, and deletes
 * ChangeTrail's files beside them and its compiled policy in every worktree.
 */
export async function uninstallHooks(options: RunGitOptions): Promise<{ readonly location: HookLocation; readonly removed: readonly HookName[] }> {
  const location = await hookLocation(options);
  const manifest = await readHookManifest(location.supportDir);
  const removed: HookName[] = [];
  for (const hook of HOOKS) if (await uninstallHook(location, hook)) removed.push(hook);
  await rm(location.supportDir, { recursive: true, force: true });
  const gitDirs = [location.commonDir];
  try {
    for (const name of await readdir(join(location.commonDir, 'worktrees'))) gitDirs.push(join(location.commonDir, 'worktrees', name));
  } catch {
    // no linked worktrees
  }
  for (const dir of gitDirs) {
    await rm(join(dir, 'changetrail-policy.sh'), { force: true });
    await rm(join(dir, 'changetrail-msg-source'), { force: true });
  }
  if (manifest?.createdHooksDir) await rmdir(location.hooksDir).catch(() => undefined);
  return { location, removed };
}
