import { chmod, copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ChangeTrailError } from '../../errors';
import type { RunGitOptions } from '../runGit';
import { type HookLocation, hookLocation } from './hookLocation';
import { type HookManifest, readHookManifest, writeHookManifest } from './hookManifest';
import { HOOK_MARKER, type HookName, hookLibrary, hookScript } from './hookScripts';
import { writePolicy } from './writePolicy';
import { TICKET_AWK } from './ticketAwk';
import { uninstallHook } from './uninstallHooks';

/** What installing needs besides the repository: the CLI to copy and the node that runs it. */
export interface InstallHooksOptions extends RunGitOptions {
  /** Path of the bundled CLI (dist/cli.js); copied beside the hooks. */
  readonly cliPath: string;
  /** Node (or Electron run as node) to fall back on when `node` is not on PATH. */
  readonly nodePath: string;
  readonly version: string;
  readonly prePush: boolean;
}

export interface InstallHooksResult {
  readonly location: HookLocation;
  readonly installed: readonly HookName[];
  /** Hooks that were already there and now run after (or before) ChangeTrail's. */
  readonly chained: readonly HookName[];
}

const exists = (path: string) => stat(path).then(() => true, () => false);

/**
 * Installs ChangeTrail's hooks into the directory git runs hooks from (core.hooksPath, husky and
 * worktrees included). A hook already there is kept as `<hook>.pre-changetrail` and still runs.
 * Installing again updates ChangeTrail's files and keeps what was kept.
 */
export async function installHooks(options: InstallHooksOptions): Promise<InstallHooksResult> {
  const location = await hookLocation(options);
  if (location.committedHooksDir) {
    const rel = relative(location.workTree, location.hooksDir);
    throw new ChangeTrailError(
      'HooksDirCommitted',
      `core.hooksPath is ${rel}, a folder committed to this repository; ChangeTrail will not write into it. ` +
        `Add this line to ${rel}/commit-msg instead: changetrail hook commit-msg "$1"`,
    );
  }
  const createdHooksDir = !(await exists(location.hooksDir));
  await mkdir(location.supportDir, { recursive: true });
  const previous = await readHookManifest(location.supportDir);
  const wanted: HookName[] = ['prepare-commit-msg', 'commit-msg', ...(options.prePush ? (['pre-push'] as const) : [])];
  const hooks: Record<string, { chained: boolean }> = {};
  const chained: HookName[] = [];

  await writeFile(join(location.supportDir, 'lib.sh'), hookLibrary(options.nodePath));
  await writeFile(join(location.supportDir, 'ticket.awk'), TICKET_AWK);
  await copyFile(options.cliPath, join(location.supportDir, 'cli.js'));

  for (const hook of wanted) {
    const path = join(location.hooksDir, hook);
    const kept = `${path}.pre-changetrail`;
    let current: string | undefined;
    try {
      current = await readFile(path, 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== undefined && !current.includes(HOOK_MARKER)) {
      // Another tool's hook (or one it rewrote since we installed): keep it and run it from ours.
      await rename(path, kept);
    }
    // git runs only executable hooks; a kept one that is not stays for uninstall but is not run.
    const isChained = await stat(kept).then((st) => (st.mode & 0o111) !== 0, () => false);
    const previousIsSh = isChained && /^#!\s*\S*\/(env\s+)?(sh|dash)\b/.test((await readFile(kept, 'utf8')).split('\n')[0] ?? '');
    await writeFile(path, hookScript(hook, previousIsSh));
    await chmod(path, 0o755);
    hooks[hook] = { chained: isChained };
    if (isChained) chained.push(hook);
  }
  if (!options.prePush && previous?.hooks['pre-push']) await uninstallHook(location, 'pre-push');

  const manifest: HookManifest = {
    version: 1,
    installedAt: new Date().toISOString(),
    by: options.version,
    createdHooksDir: previous?.createdHooksDir ?? createdHooksDir,
    hooks,
  };
  await writeHookManifest(location.supportDir, manifest);
  await writePolicy(location, options);
  return { location, installed: wanted, chained };
}
