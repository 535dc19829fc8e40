import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunGitOptions } from '../runGit';
import { type HookLocation, hookLocation } from './hookLocation';
import { HOOK_MARKER } from './hookMarker';
import type { HookName } from './hookScripts';

/** Which of ChangeTrail's hooks are in place for a repository. */
export interface HookStatus {
  readonly location: HookLocation;
  readonly installed: readonly HookName[];
  /** Hooks the policy wants that are not there (never installed, or overwritten by another tool). */
  readonly missing: readonly HookName[];
}

/** Reports which hooks are installed; `wantPrePush` adds pre-push to what the policy wants. */
export async function hookStatus(options: RunGitOptions, wantPrePush: boolean): Promise<HookStatus> {
  const location = await hookLocation(options);
  const wanted: HookName[] = ['prepare-commit-msg', 'commit-msg', ...(wantPrePush ? (['pre-push'] as const) : [])];
  const installed: HookName[] = [];
  for (const hook of ['prepare-commit-msg', 'commit-msg', 'pre-push'] as const) {
    const content = await readFile(join(location.hooksDir, hook), 'utf8').catch(() => '');
    if (content.includes(HOOK_MARKER)) installed.push(hook);
  }
  return { location, installed, missing: wanted.filter((h) => !installed.includes(h)) };
}
