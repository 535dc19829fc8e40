import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TeamConfig } from '../../core/config/teamConfigSchema';
import { gitConfigGet } from '../../core/git/gitConfig';
import { amendFromArgs, cleanupFromArgs, commitFromArgs, processArgs, resolveCleanup } from '../../core/git/hooks/commitCleanup';
import { hookPolicyConfig } from '../../core/git/hooks/hookPolicyConfig';
import { runGit } from '../../core/git/runGit';
import type { MessageFormat } from '../../core/tickets/commitMessage';
import type { CliContext } from '../cliContext';

/** What a hook's slow path needs about the repository it runs in. */
export interface HookContext {
  readonly workTree: string;
  readonly gitDir: string;
  /** The policy in force: the team config, or the last good one while the file is broken. */
  readonly config: TeamConfig;
  readonly format: MessageFormat;
  /** Whether the commit being made is a merge; undefined when that cannot be told (the subject decides). */
  readonly isMerge: boolean | undefined;
}

/**
 * Reads the repository facts for a hook. How git will clean the message up is decided as git
 * does: `--cleanup` of the running git (its pid in CT_GIT_PID, from the hook), commit.cleanup,
 * then whether an editor is used (GIT_EDITOR=: when not). `_strip` (what the sh side guessed) is
 * accepted for older hook scripts and ignored.
 */
export async function hookContext({ cwd, logger }: CliContext, _strip?: string): Promise<HookContext> {
  const [workTree, gitDir] = (await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--absolute-git-dir'], { cwd, logger })).split('\n');
  const [policy, commentChar, cleanup, isMerge, argv] = await Promise.all([
    hookPolicyConfig(workTree, gitDir),
    gitConfigGet('core.commentChar', { cwd, logger }),
    gitConfigGet('commit.cleanup', { cwd, logger }),
    stat(join(gitDir, 'MERGE_HEAD')).then(() => true, () => false),
    processArgs(process.env.CT_GIT_PID),
  ]);
  const mode = resolveCleanup(argv ? cleanupFromArgs(argv) : undefined, cleanup, process.env.GIT_EDITOR !== ':');
  return { workTree, gitDir, config: policy.config, isMerge: isMerge || (await mergeWithoutMergeHead(argv, { cwd, logger })), format: { commentChar: await actualCommentChar(commentChar, gitDir), cleanup: mode } };
}

/** core.commentChar, with `auto` resolved to what git picked (prepare-commit-msg wrote it down). */
async function actualCommentChar(configured: string | undefined, gitDir: string): Promise<string> {
  if (configured !== 'auto') return configured ?? '#';
  const source = await readFile(join(gitDir, 'changetrail-msg-source'), 'utf8').catch(() => '');
  return source.split('\n')[1] || '#';
}

/**
 * With no MERGE_HEAD, whether the commit is still a merge: `git commit --amend` of a merge is one
 * (git writes no MERGE_HEAD for it, and the hook refused amending a real merge). A plain `git commit`
 * is not, whatever its subject says. Undefined (the subject decides, as before) for other git
 * commands (a rebase replaying a merge), and for an amend or an unknown command line (no /proc,
 * macOS) when HEAD is a merge.
 */
async function mergeWithoutMergeHead(argv: string[] | undefined, git: { cwd: string; logger: CliContext['logger'] }): Promise<boolean | undefined> {
  if (argv && !commitFromArgs(argv)) return undefined;
  if (argv && !amendFromArgs(argv)) return false;
  const headIsMerge = await runGit(['rev-parse', '--verify', '--quiet', 'HEAD^2'], git).then(() => true, () => false);
  if (!headIsMerge) return false;
  return argv ? true : undefined;
}

