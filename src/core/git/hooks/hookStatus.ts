import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { RunGitOptions } from '../runGit';
import { HOOK_SUPPORT_FILES } from './cliFiles';
import { ownScripts } from './hookFiles';
import { type HookLocation, hookLocation } from './hookLocation';
import { isChangeTrailScript } from './hookMarker';
import type { HookName } from './hookScripts';

/** Which of ChangeTrail's hooks are in place for a repository, and whether they enforce anything. */
export interface HookStatus {
  readonly location: HookLocation;
  /** Hooks of ours that git runs and that can run (their files beside them are there). */
  readonly installed: readonly HookName[];
  /** Hooks the policy wants that are not there (never installed, or overwritten by another tool). */
  readonly missing: readonly HookName[];
  /** `on`: every hook the policy wants runs; `off`: none does. What the editor shows. */
  readonly enforcement: 'on' | 'partial' | 'off';
  /** Why enforcement is not fully on, one sentence each (another tool replaced or moved a hook, files gone). */
  readonly problems: readonly string[];
  /** The command that restores enforcement, when it is not fully on. */
  readonly restore?: string;
}

const exists = (path: string) => stat(path).then(() => true, () => false);
// git runs a hook only when it is executable (on Windows it cannot tell, and runs it).
const runnable = (path: string) => stat(path).then((st) => process.platform === 'win32' || (st.mode & 0o111) !== 0, () => false);

/**
 * The files the installed hooks need: the list their lib.sh declares (CT_CLI_FILES, written by the
 * build that installed them), not this build's, which after an upgrade may name a chunk the hooks
 * installed earlier never use. A lib.sh without the line (older installs): this build's list.
 */
async function filesTheHooksNeed(supportDir: string): Promise<readonly string[]> {
  const lib = await readFile(join(supportDir, 'lib.sh'), 'utf8').catch(() => '');
  const declared = /^CT_CLI_FILES='([^'\n]*)'$/m.exec(lib);
  if (!declared) return HOOK_SUPPORT_FILES;
  // Plain names beside lib.sh only: a hand-edited list never sends status elsewhere.
  const files = declared[1].split(/\s+/).filter((f) => f !== '' && f !== '.' && f !== '..' && !/[/\\]/.test(f));
  return ['lib.sh', 'ticket.awk', ...files];
}

/** Reports which hooks are installed and working; `wantPrePush` adds pre-push to what the policy wants. */
export async function hookStatus(options: RunGitOptions, wantPrePush: boolean): Promise<HookStatus> {
  const location = await hookLocation(options);
  const wanted: HookName[] = ['prepare-commit-msg', 'commit-msg', ...(wantPrePush ? (['pre-push'] as const) : [])];
  const installed: HookName[] = [];
  const problems: string[] = [];
  const libThere = await exists(join(location.supportDir, 'lib.sh'));
  // With lib.sh there but the CLI (or a chunk of it) gone, the hooks block every commit the fast path cannot settle.
  const needed = libThere ? await filesTheHooksNeed(location.supportDir) : [];
  const absent = libThere ? (await Promise.all(needed.map(async (f) => ((await exists(join(location.supportDir, f))) ? undefined : f)))).filter((f) => f !== undefined) : [];
  const filesThere = libThere && absent.length === 0;
  if (absent.length > 0) problems.push(`ChangeTrail's files in ${location.supportDir} are incomplete (missing: ${absent.join(', ')}): its hooks cannot check what the fast path leaves open.`);
  const scripts = await ownScripts(location.hooksDir);
  for (const hook of ['prepare-commit-msg', 'commit-msg', 'pre-push'] as const) {
    const content = await readFile(join(location.hooksDir, hook), 'utf8').catch(() => undefined);
    if (isChangeTrailScript(content)) {
      if (!(await runnable(join(location.hooksDir, hook)))) {
        if (wanted.includes(hook)) problems.push(`${hook}: off: not executable (git ignores it); run: changetrail hooks install`);
      } else if (filesThere) installed.push(hook);
      continue;
    }
    if (!wanted.includes(hook)) continue;
    const movedTo = scripts.find((s) => s.hook === hook && basename(s.file) !== hook && !basename(s.file).includes('.pre-changetrail'));
    if (movedTo) problems.push(`${hook}: another tool replaced ChangeTrail's hook and moved it to ${basename(movedTo.file)}, which git does not run.`);
    else if (content !== undefined) problems.push(`${hook}: the hook in ${location.hooksDir} is another tool's, not ChangeTrail's.`);
  }
  if (!libThere && scripts.some((s) => s.hook !== 'forward')) {
    problems.push(`ChangeTrail's files are gone from ${location.supportDir}: its hooks there check nothing.`);
  }
  const usual = join(location.commonDir, 'hooks');
  if (usual !== location.hooksDir && (await exists(join(usual, 'changetrail', 'lib.sh')))) {
    problems.push(`ChangeTrail's hooks are in ${usual}, but git runs hooks from ${location.hooksDir} (core.hooksPath), so they do not run.`);
  }
  const missing = wanted.filter((h) => !installed.includes(h));
  const running = wanted.filter((h) => installed.includes(h)).length;
  const enforcement = missing.length === 0 ? 'on' : running === 0 ? 'off' : 'partial';
  return { location, installed, missing, enforcement, problems, ...(enforcement === 'on' ? {} : { restore: 'changetrail hooks install' }) };
}
