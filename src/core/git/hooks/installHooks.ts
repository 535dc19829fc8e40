import { chmod, copyFile, lstat, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Clock } from '../../clock';
import { ChangeTrailError } from '../../errors';
import { type RunGitOptions, runGit } from '../runGit';
import { CLI_FILES } from './cliFiles';
import { forwarderScript, isOwnHook, keptHooks, nextKeptName, sharedHooks } from './hookFiles';
import { withHooksLock } from './hooksLock';
import { type HookLocation, hookLocation, isSharedHooksDir } from './hookLocation';
import { type HookManifest, MANIFEST_FILE, readHookManifest, writeHookManifest } from './hookManifest';
import { isChangeTrailScript } from './hookMarker';
import { type HookName, hookLibrary, hookScript } from './hookScripts';
import { writePolicy } from './writePolicy';
import { TICKET_AWK } from './ticketAwk';
import { uninstallAt, uninstallHook } from './uninstallHooks';

/** What installing needs besides the repository: the CLI to copy and the node that runs it. */
export interface InstallHooksOptions extends RunGitOptions {
  /** Path of the bundled CLI (dist/cli.js); copied beside the hooks with the files it requires (CLI_FILES). */
  readonly cliPath: string;
  /** Node (or Electron run as node) to fall back on when `node` is not on PATH. */
  readonly nodePath: string;
  readonly version: string;
  readonly prePush: boolean;
  /** For the manifest's installedAt: the one clock, as everywhere. */
  readonly clock: Clock;
}

export interface InstallHooksResult {
  readonly location: HookLocation;
  readonly installed: readonly HookName[];
  /** Hooks that were already there and now run after (or before) ChangeTrail's. */
  readonly chained: readonly HookName[];
  /** What else install did, in sentences for the person who asked (shared hooksPath, leftovers). */
  readonly notes: readonly string[];
}

const exists = (path: string) => stat(path).then(() => true, () => false);

export { CLI_FILES } from './cliFiles';

/** The directory ChangeTrail runs this repository's hooks from when core.hooksPath is shared by all repositories. */
export const OWN_HOOKS_DIR = 'changetrail-hooks';

/**
 * Installs ChangeTrail's hooks into the directory git runs hooks from (core.hooksPath, husky and
 * worktrees included). A hook already there is kept as `<hook>.pre-changetrail` and still runs;
 * one that replaced ours since is kept beside it (`.pre-changetrail.2`), never over it.
 * A core.hooksPath set globally or system-wide is never written to: this repository gets its
 * own hooks directory (local core.hooksPath) whose hooks forward to the shared ones.
 */
export async function installHooks(options: InstallHooksOptions): Promise<InstallHooksResult> {
  const { commonDir } = await hookLocation(options);
  return withHooksLock(commonDir, () => install(options));
}

async function install(options: InstallHooksOptions): Promise<InstallHooksResult> {
  let location = await hookLocation(options);
  if (location.committedHooksDir) {
    const rel = relative(location.workTree, location.hooksDir);
    throw new ChangeTrailError(
      'HooksDirCommitted',
      `core.hooksPath is ${rel}, a folder committed to this repository; ChangeTrail will not write into it. ` +
        `Add this line to ${rel}/commit-msg instead: changetrail hook commit-msg "$1"`,
    );
  }
  const notes: string[] = [];
  let shared: string | undefined;
  if (isSharedHooksDir(location)) {
    shared = location.hooksDir;
    const own = join(location.commonDir, OWN_HOOKS_DIR);
    await mkdir(own, { recursive: true });
    await runGit(['config', '--local', 'core.hooksPath', own], options);
    notes.push(
      `core.hooksPath is set in your ${location.hooksPathScope} git config (${shared}) and used by all your repositories; ` +
        `ChangeTrail wrote nothing there. This repository now runs its hooks from ${own} (core.hooksPath in .git/config), ` +
        'where your global hooks are forwarded to and keep running.',
    );
    location = await hookLocation(options);
  }
  const previous = await readHookManifest(location.supportDir);
  shared ??= previous?.ownHooksDir?.shared;
  notes.push(...(await removeStrandedInstall(location, options)));

  const createdHooksDir = !(await exists(location.hooksDir));
  await mkdir(location.supportDir, { recursive: true });
  const wanted: HookName[] = ['prepare-commit-msg', 'commit-msg', ...(options.prePush ? (['pre-push'] as const) : [])];
  const hooks: Record<string, { chained: boolean }> = {};
  const chained: HookName[] = [];

  await writeFile(join(location.supportDir, 'lib.sh'), hookLibrary(options.nodePath, CLI_FILES));
  await writeFile(join(location.supportDir, 'ticket.awk'), TICKET_AWK);
  await copyFile(options.cliPath, join(location.supportDir, 'cli.js'));
  for (const file of CLI_FILES) await copyFile(join(dirname(options.cliPath), file), join(location.supportDir, file));

  const forwarded = shared ? await writeForwarders(location.hooksDir, shared, wanted) : [];
  for (const hook of wanted) {
    const path = join(location.hooksDir, hook);
    // A copy of ChangeTrail's own hook kept as "the hook that was there before" would run itself
    // without end (left by two installs at once before the lock): it is never the user's.
    for (const kept of await keptHooks(location.hooksDir, hook)) if (await isOwnHook(kept)) await rm(kept);
    const current = await readFile(path, 'utf8').catch(() => undefined);
    // A symlinked hook (.git/hooks/commit-msg -> ../../tools/hooks/commit-msg) is never written
    // through: that would change a file of the work tree. The link itself is kept (or dropped
    // when it leads to a copy of ours) and a file of ours takes its place.
    const link = await lstat(path).then((st) => st.isSymbolicLink(), () => false);
    if (link && isChangeTrailScript(current)) await rm(path);
    else if (link || (current !== undefined && !isChangeTrailScript(current))) {
      // Another tool's hook (or one that replaced ours since): keep it and run it from ours.
      const kept = await keptHooks(location.hooksDir, hook);
      const same = current === undefined ? [] : await Promise.all(kept.map(async (k) => (await readFile(k, 'utf8').catch(() => '')) === current));
      if (same.includes(true)) await rm(path);
      else await rename(path, await nextKeptName(location.hooksDir, hook));
    }
    // Written aside and renamed into place: git never runs a half-written hook.
    const next = `${path}.changetrail-new`;
    await writeFile(next, hookScript(hook, false));
    await chmod(next, 0o755);
    await rename(next, path);
    // git runs only executable hooks; a kept one that is not stays for uninstall but is not run.
    const runs = await Promise.all((await keptHooks(location.hooksDir, hook)).map((k) => stat(k).then((st) => (st.mode & 0o111) !== 0, () => false)));
    hooks[hook] = { chained: runs.includes(true) };
    if (runs.includes(true)) chained.push(hook);
  }
  if (!options.prePush && previous?.hooks['pre-push']) await uninstallHook(location, 'pre-push');

  const manifest: HookManifest = {
    version: 1,
    installedAt: new Date(options.clock.now()).toISOString(),
    by: options.version,
    createdHooksDir: previous?.createdHooksDir ?? createdHooksDir,
    hooks,
    ...(shared ? { ownHooksDir: { shared, forwarded } } : {}),
  };
  await writeHookManifest(location.supportDir, manifest);
  await writePolicy(location, options);
  return { location, installed: wanted, chained, notes };
}

/** Forwarders in `own` to every hook of the shared directory; ours chain to the shared ones of the same name. */
async function writeForwarders(own: string, shared: string, wanted: readonly HookName[]): Promise<string[]> {
  const names = await sharedHooks(shared);
  for (const name of names) {
    const target = join(shared, name);
    const file = (wanted as readonly string[]).includes(name) ? join(own, `${name}.pre-changetrail`) : join(own, name);
    const current = await readFile(file, 'utf8').catch(() => undefined);
    if (current !== undefined && !isChangeTrailScript(current)) continue; // never overwrite a hook we did not write
    await writeFile(file, forwarderScript(target));
    await chmod(file, 0o755);
  }
  return names;
}

/**
 * ChangeTrail's hooks left in the repository's own hooks directory after another tool (husky)
 * pointed core.hooksPath elsewhere: git no longer runs them, so they go, and what they kept returns.
 */
async function removeStrandedInstall(location: HookLocation, options: RunGitOptions): Promise<string[]> {
  const usual = join(location.commonDir, 'hooks');
  if (usual === location.hooksDir || !(await exists(join(usual, 'changetrail', MANIFEST_FILE)))) return [];
  const { removed } = await uninstallAt({ ...location, hooksDir: usual, supportDir: join(usual, 'changetrail') }, options);
  return removed.length > 0 ? [`Removed ChangeTrail's earlier hooks from ${usual}, which git no longer runs (core.hooksPath is ${location.hooksDir}).`] : [];
}
