import { isAbsolute, relative } from 'node:path';
import { runGit } from '../../core/git/runGit';
import type { Logger } from '../../core/log';

/** Where the change log's newest lines are: only on this machine, committed, or pushed. */
export interface ChangeLogState {
  readonly state: 'local' | 'committed' | 'pushed' | 'delivered';
  readonly detail: string;
  /** The log's path inside the repository, when it is in it. */
  readonly relPath?: string;
}

/**
 * The true delivery state of the change log: a record written to an untracked or modified
 * `.changetrail/changes.jsonl` exists on this machine only; support elsewhere sees it once it is
 * committed and pushed. A log outside the repository (a share) is delivered once written.
 */
export async function changeLogState(root: string, logPath: string, options: { gitPath?: string; logger?: Logger }): Promise<ChangeLogState> {
  const rel = relative(root, logPath);
  if (rel.startsWith('..') || isAbsolute(rel)) return { state: 'delivered', detail: `written to ${logPath}` };
  const git = { cwd: root, gitPath: options.gitPath, logger: options.logger };
  const status = (await runGit(['status', '--porcelain', '--', rel], git).catch(() => '')).trim();
  if (status.startsWith('??')) return { state: 'local', detail: 'written on this machine only: the log is not in git yet (stage and commit it with the change)', relPath: rel };
  if (status !== '') return { state: 'local', detail: `written on this machine only: ${/^[MA]/.test(status) ? 'staged, not committed' : 'not committed'} yet`, relPath: rel };
  const ahead = await runGit(['rev-list', '--count', '@{upstream}..HEAD', '--', rel], git).then((n) => Number(n.trim()), () => undefined);
  if (ahead === undefined) return { state: 'committed', detail: 'committed; this branch has no upstream, so nobody else has it yet', relPath: rel };
  if (ahead > 0) return { state: 'committed', detail: 'committed, not pushed yet', relPath: rel };
  return { state: 'pushed', detail: 'committed and pushed', relPath: rel };
}
