import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitConfigGet, linkedTickets } from '../gitConfig';
import type { RunGitOptions } from '../runGit';
import { compilePolicy } from './compilePolicy';
import { envConfigKey } from './envConfigKey';
import { hookPolicyConfig } from './hookPolicyConfig';

/** The branch -> ticket the awk fast path found last; stale once the policy changes. */
export const BRANCH_TICKET_CACHE = 'changetrail-branch-ticket';

/** Compiles the team policy of the worktree at `options.cwd` into the file the hooks source. */
export async function writePolicy(where: { readonly workTree: string; readonly gitDir: string }, options: RunGitOptions, out?: string): Promise<string> {
  const { config, found, notice } = await hookPolicyConfig(where.workTree, where.gitDir);
  const [commentChar, cleanup, linked] = await Promise.all([
    gitConfigGet('core.commentChar', options),
    gitConfigGet('commit.cleanup', options),
    linkedTickets(options),
  ]);
  const file = out ?? join(where.gitDir, 'changetrail-policy.sh');
  await rm(join(where.gitDir, BRANCH_TICKET_CACHE), { force: true });
  // The key lib.sh computed when a hook compiles (CT_ENV_KEY_SH): the one it compares next time.
  // Written aside and renamed: a hook sourcing the policy while another run compiles it never reads half of it.
  const next = `${file}.${process.pid}.tmp`;
  await writeFile(next, compilePolicy(config, found, { commentChar, cleanup, linked, envKey: process.env.CT_ENV_KEY_SH ?? envConfigKey(process.env) }, notice));
  await rename(next, file);
  return file;
}
