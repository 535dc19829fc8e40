import { readFile, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type RunGitOptions, runGit } from '../runGit';
import { keptHooks, ownScripts } from './hookFiles';
import { type HookLocation, hookLocation } from './hookLocation';
import { readHookManifest } from './hookManifest';
import { withHooksLock } from './hooksLock';
import { isChangeTrailScript } from './hookMarker';
import type { HookName } from './hookScripts';
import { LAST_GOOD_CONFIG_FILE } from './hookPolicyConfig';
import { BRANCH_TICKET_CACHE } from './writePolicy';

const HOOKS: readonly HookName[] = ['commit-msg', 'prepare-commit-msg', 'pre-push'];
const exists = (path: string) => stat(path).then(() => true, () => false);
const isOurs = async (file: string) => isChangeTrailScript(await readFile(file, 'utf8').catch(() => undefined));

/** Removes one of ChangeTrail's hooks and puts back the hook it kept last, if any. */
export async function uninstallHook(location: Pick<HookLocation, 'hooksDir'>, hook: HookName): Promise<boolean> {
  const path = join(location.hooksDir, hook);
  if (!(await isOurs(path))) return false; // absent, or not ours: leave it alone
  await rm(path);
  const kept = await keptHooks(location.hooksDir, hook);
  if (kept.length > 0) await rename(kept[kept.length - 1], path);
  return true;
}

/**
 * Takes ChangeTrail out of one hooks directory: its hooks leave their slots (the hook kept last
 * returns there), copies of its hooks that another tool moved aside (lefthook's `.old`) are
 * replaced by the user's original (so that tool restores the original later) or deleted, and an
 * original that has no place left is kept as `<hook>.changetrail-saved`. Nothing of the user's is lost.
 */
export async function uninstallAt(location: Pick<HookLocation, 'hooksDir' | 'supportDir'>, _options: RunGitOptions): Promise<{ removed: HookName[]; notes: string[] }> {
  const dir = location.hooksDir;
  const removed: HookName[] = [];
  const notes: string[] = [];
  const scripts = await ownScripts(dir);
  for (const hook of HOOKS) {
    const slot = join(dir, hook);
    let remaining = await keptHooks(dir, hook);
    for (const file of remaining) if (await isOurs(file)) await rm(file);
    remaining = (await keptHooks(dir, hook));
    if (await isOurs(slot)) {
      await rm(slot);
      removed.push(hook);
    }
    if (!(await exists(slot)) && remaining.length > 0) {
      await rename(remaining[remaining.length - 1], slot);
      remaining = remaining.slice(0, -1);
    }
    const strays = scripts.filter((s) => s.hook === hook && basename(s.file) !== hook && !basename(s.file).startsWith(`${hook}.pre-changetrail`));
    for (const stray of strays) {
      const original = remaining.shift();
      if (original) {
        await rename(original, stray.file);
        notes.push(`${basename(stray.file)} was ChangeTrail's ${hook} moved aside by another tool; it is your original ${hook} again.`);
      } else {
        await rm(stray.file, { force: true });
        notes.push(`Removed ${basename(stray.file)}, ChangeTrail's ${hook} that another tool had moved aside.`);
      }
      if (!removed.includes(hook)) removed.push(hook);
    }
    for (const original of remaining) {
      let saved = join(dir, `${hook}.changetrail-saved`);
      for (let n = 2; await exists(saved); n++) saved = join(dir, `${hook}.changetrail-saved.${n}`);
      await rename(original, saved);
      notes.push(`Another tool owns ${hook} now; your earlier ${hook} is kept as ${basename(saved)} (git does not run it).`);
    }
  }
  for (const s of scripts) if (s.hook === 'forward') await rm(s.file, { force: true });
  await rm(location.supportDir, { recursive: true, force: true });
  return { removed, notes };
}

/**
 * Removes ChangeTrail's hooks, restores the hooks that were there before, and deletes
 * ChangeTrail's files beside them and its compiled policy in every worktree. A hooks directory of
 * its own (made because core.hooksPath was global) goes entirely, with the local core.hooksPath.
 */
export async function uninstallHooks(options: RunGitOptions): Promise<{ readonly location: HookLocation; readonly removed: readonly HookName[]; readonly notes: readonly string[] }> {
  const { commonDir } = await hookLocation(options);
  return withHooksLock(commonDir, () => uninstall(options));
}

async function uninstall(options: RunGitOptions): Promise<{ readonly location: HookLocation; readonly removed: readonly HookName[]; readonly notes: readonly string[] }> {
  const location = await hookLocation(options);
  const manifest = await readHookManifest(location.supportDir);
  const { removed, notes } = await uninstallAt(location, options);
  const usual = join(location.commonDir, 'hooks');
  if (usual !== location.hooksDir && (await exists(join(usual, 'changetrail')))) {
    // Left behind when another tool moved core.hooksPath: git no longer runs it.
    const stranded = await uninstallAt({ hooksDir: usual, supportDir: join(usual, 'changetrail') }, options);
    for (const hook of stranded.removed) if (!removed.includes(hook)) removed.push(hook);
    notes.push(...stranded.notes);
  }
  const gitDirs = [location.commonDir];
  try {
    for (const name of await readdir(join(location.commonDir, 'worktrees'))) gitDirs.push(join(location.commonDir, 'worktrees', name));
  } catch {
    // no linked worktrees
  }
  for (const dir of gitDirs) {
    for (const file of ['changetrail-policy.sh', 'changetrail-msg-source', BRANCH_TICKET_CACHE, LAST_GOOD_CONFIG_FILE]) await rm(join(dir, file), { force: true });
  }
  if (manifest?.ownHooksDir) {
    await rm(location.hooksDir, { recursive: true, force: true });
    await runGit(['config', '--local', '--unset', 'core.hooksPath'], options).catch(() => undefined);
    notes.push(`This repository runs your global hooks from ${manifest.ownHooksDir.shared} again (its own core.hooksPath is unset).`);
  } else if (manifest?.createdHooksDir) await rmdir(location.hooksDir).catch(() => undefined);
  return { location, removed, notes };
}
