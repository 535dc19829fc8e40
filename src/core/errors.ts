/** Error codes that callers branch on; messages are for people. */
export type ChangeTrailErrorCode =
  | 'ConfigInvalid'
  | 'GitNotFound'
  | 'GitFailed'
  | 'NotARepository'
  | 'HooksDirCommitted'
  | 'BadRange'
  | 'TrackerFailed'
  /** The change log path leads outside the repository and allowed folders, or is not a regular file. */
  | 'LogPathRefused'
  /** A change log append failed (disk full...) and the record is not in the log. */
  | 'RecordNotWritten';

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

/** One line for a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
