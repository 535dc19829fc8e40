import { ChangeTrailError } from '../errors';

/**
 * Whether git's stderr says the folder is no work tree it can use: outside any repository ("not a
 * git repository"), in a bare repository or inside `.git` ("must be run in a work tree"). Either
 * is the folder run in, not a failure of git: NotARepository, which the CLI answers with exit 2.
 */
export function saysNotARepository(stderr: string): boolean {
  return /not a git repository|must be run in a work tree/i.test(stderr);
}

/** What to do when git says the folder is no work tree: git's own words do not say it. */
export const WORK_TREE_HINT = 'run changetrail inside the work tree of a git clone: not in a bare repository, not inside .git';

/**
 * The error for a git command that failed with `stderr`: NotARepository (with what to do) when git
 * says the folder is no work tree, else GitFailed. `git <command> failed: <git's first line>`.
 */
export function gitFailure(command: string, stderr: string, fallback: string): ChangeTrailError {
  const message = `git ${command} failed: ${stderr.split('\n')[0] || fallback}`;
  return saysNotARepository(stderr) ? notARepository(message, stderr) : new ChangeTrailError('GitFailed', message, stderr);
}

/** A NotARepository error: `message` and the hint, so every caller (CLI, `check`, JSON documents, the editor) says where to run. */
export function notARepository(message: string, detail?: string): ChangeTrailError {
  return new ChangeTrailError('NotARepository', `${message} (${WORK_TREE_HINT})`, detail);
}
