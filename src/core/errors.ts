/** Error codes that callers branch on; messages are for people. */
export type ChangeTrailErrorCode =
  /** What a person gave (an option, an argument, an environment variable, a file's content) cannot be used. */
  | 'BadInput'
  | 'ConfigInvalid'
  | 'GitNotFound'
  | 'GitFailed'
  | 'NotARepository'
  | 'HooksDirCommitted'
  /** Another hooks install or uninstall holds this repository's hooks lock. */
  | 'HooksBusy'
  | 'BadRange'
  | 'TrackerFailed'
  /** The change log path leads outside the repository and allowed folders, or is not a regular file. */
  | 'LogPathRefused'
  /** A change log append failed (disk full...) and the record is not in the log. */
  | 'RecordNotWritten'
  /** A folder named for output holds files ChangeTrail did not write: nothing was written or removed. */
  | 'FolderRefused';

/** Base error thrown by core: a code to branch on and a one-line message fit for a person. */
export class ChangeTrailError extends Error {
  constructor(
    readonly code: ChangeTrailErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ChangeTrailError';
  }
}

/**
 * Marks a ChangeTrailError of any copy of this module: in dist/ each chunk bundles its own copy, so
 * `instanceof` cannot tell an error thrown in a chunk (the CLI's commands) from another error.
 */
const CHANGETRAIL_ERROR = Symbol.for('changetrail.ChangeTrailError');
Object.defineProperty(ChangeTrailError.prototype, CHANGETRAIL_ERROR, { value: true });

/** Whether `error` is a ChangeTrailError (or a subclass), whichever chunk threw it. */
export function isChangeTrailError(error: unknown): error is ChangeTrailError {
  return error instanceof ChangeTrailError || (error instanceof Error && (error as unknown as Record<symbol, unknown>)[CHANGETRAIL_ERROR] === true);
}

/** One line for a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
