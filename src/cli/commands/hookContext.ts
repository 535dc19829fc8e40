import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type TeamConfigResult, loadTeamConfig } from '../../core/config/loadTeamConfig';
import { gitConfigGet } from '../../core/git/gitConfig';
import { runGit } from '../../core/git/runGit';
import type { MessageFormat } from '../../core/tickets/commitMessage';
import type { CliContext } from '../cliContext';

// What the sh side decided about comments: 1 git strips them, 0 it keeps them, 2 -m/-F (maybe -e).
const CLEANUP: Record<string, MessageFormat['cleanup']> = { '1': 'strip', '0': 'whitespace', '2': 'message' };

/** What a hook's slow path needs about the repository it runs in. */
export interface HookContext {
  readonly workTree: string;
  readonly gitDir: string;
  readonly team: TeamConfigResult;
  readonly format: MessageFormat;
  readonly isMerge: boolean;
}

/** Reads the repository facts for a hook; `strip` is what the sh side decided about comments. */
export async function hookContext({ cwd, logger }: CliContext, strip: string | undefined): Promise<HookContext> {
  const [workTree, gitDir] = (await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir'], { cwd, logger })).split('\n');
  const [team, commentChar, isMerge] = await Promise.all([
    loadTeamConfig(workTree),
    gitConfigGet('core.commentChar', { cwd, logger }),
    stat(join(gitDir, 'MERGE_HEAD')).then(() => true, () => false),
  ]);
  return { workTree, gitDir, team, isMerge, format: { commentChar: commentChar ?? '#', cleanup: CLEANUP[strip ?? '1'] ?? 'strip' } };
}
