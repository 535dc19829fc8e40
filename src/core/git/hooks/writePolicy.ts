import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatProblem } from '../../config/configProblem';
import { loadTeamConfig } from '../../config/loadTeamConfig';
import { gitConfigGet, linkedTickets } from '../gitConfig';
import type { RunGitOptions } from '../runGit';
import { compilePolicy } from './compilePolicy';

/** Compiles the team policy of the worktree at `options.cwd` into the file the hooks source. */
export async function writePolicy(where: { readonly workTree: string; readonly gitDir: string }, options: RunGitOptions, out?: string): Promise<string> {
  const { config, found, problems } = await loadTeamConfig(where.workTree);
  for (const problem of problems) options.logger?.warn(formatProblem(problem));
  const [commentChar, cleanup, linked] = await Promise.all([
    gitConfigGet('core.commentChar', options),
    gitConfigGet('commit.cleanup', options),
    linkedTickets(options),
  ]);
  const file = out ?? join(where.gitDir, 'changetrail-policy.sh');
  await writeFile(file, compilePolicy(config, found, { commentChar, cleanup, linked }));
  return file;
}
