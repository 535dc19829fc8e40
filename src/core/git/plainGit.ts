import type { SimpleGit } from 'simple-git';
import { ChangeTrailError } from '../errors';
import { silentLogger } from '../log';
import type { RunGitOptions } from './runGit';
import { gitFailure, notARepository } from './notARepository';

const ENVIRONMENT_IS_THE_USERS = {
  allowUnsafeEditor: true, allowUnsafePager: true, allowUnsafeAskPass: true, allowUnsafeSshCommand: true, allowUnsafeGitProxy: true,
  allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true, allowUnsafeDiffExternal: true, allowUnsafeTemplateDir: true,
} as const;

/**
 * The plain git calls (config, tags, push, rev-parse, branch) go through simple-git: one small
 * answer each, where its task queue, typed results and error objects fit. simple-git is loaded on
 * the first call (in dist/ it is its own chunk, dist/simple-git.js), so activation does not pay
 * for it. History, blame and `check` stay on the streaming runner (runGit / streamGit):
 * simple-git buffers a command's whole output before parsing it, which bench/file-history and
 * bench/check show costs time and memory on long histories.
 */
export async function plainGit<T>(what: readonly string[], options: RunGitOptions, call: (git: SimpleGit) => Promise<T>): Promise<T> {
  const logger = options.logger ?? silentLogger;
  const started = Date.now();
  const { simpleGit } = await import('simple-git');
  const binary = options.gitPath ?? 'git';
  try {
    const git = simpleGit({
      baseDir: options.cwd,
      binary,
      unsafe: {
        // VS Code's git path may hold spaces (C:\Program Files\Git\...); it is the user's own git.
        allowUnsafeCustomBinary: /\s/.test(binary),
        // simple-git refuses an environment that sets EDITOR, PAGER, GIT_SSH_COMMAND, GIT_CONFIG_GLOBAL
        // and the like. Ours is the user's own, as for every git they run (runGit passes it too);
        // the arguments and config keys are ChangeTrail's, never taken from a repository.
        ...ENVIRONMENT_IS_THE_USERS,
      },
      ...(options.signal ? { abort: options.signal } : {}),
    }).env({ ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' });
    return await call(git);
  } catch (error) {
    throw toChangeTrailError(what, error);
  } finally {
    logger.trace(`> git ${what.join(' ')} [${Date.now() - started}ms]`);
  }
}

/** simple-git's errors as ours: the same codes and `git <command> failed: <git's first line>` as runGit. */
function toChangeTrailError(what: readonly string[], error: unknown): Error {
  if (error instanceof ChangeTrailError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|spawn .* ENOENT/.test(message)) return new ChangeTrailError('GitNotFound', 'Git was not found on PATH. Install git and try again.');
  if (/does not exist/.test(message) && /simple-git/i.test(message)) return notARepository(`git ${what[0]} failed: ${message}`);
  return gitFailure(what[0], message.trim(), 'exit code not 0');
}
