import { resolve } from 'node:path';
import type { Logger } from '../../log';
import type { ChangeLogIndex } from './changeLogIndex';
import { sidecarPathFor } from './sidecarLocation';
import { LogIndex } from './logIndex';

// One index per log file for the life of the process: every view, hover and command of a
// repository shares it, so the log is read once and then only its appended bytes.
const open = new Map<string, LogIndex>();

/**
 * The index of the change log at `path` (made on first use, built on its first question). A big
 * log's index is kept between processes in the git directory of the repository holding it
 * (indexSidecar.ts), unless `persist` is false.
 */
export function openChangeLogIndex(path: string, options: { readonly logger: Logger; readonly persist?: boolean }): ChangeLogIndex {
  const key = resolve(path);
  let index = open.get(key);
  if (!index) {
    index = new LogIndex(key, options.logger, { sidecar: options.persist === false ? undefined : sidecarPathFor(key) });
    open.set(key, index);
  }
  return index;
}

/** Drops the shared index of `path` (a repository closed), or every one; the next open builds afresh. */
export function closeChangeLogIndex(path?: string): void {
  if (path === undefined) open.clear();
  else open.delete(resolve(path));
}
