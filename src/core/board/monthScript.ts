import { BOARD_GLOBAL, type BoardChange, type BoardDeployment, type BoardMonthMeta } from '../../protocol/boardData';
import { newestFirst } from './boardDocuments';

// A built site keeps a month in two data scripts (see assembleMonth in src/protocol):
// - data/month-YYYY-MM.js, its changes: one statement per build that added some, appended to, so a
//   daily build writes the day's changes and never a whole month again. A change on the board
//   never changes (an amendment is a new change, and the old one's id goes into the meta).
// - data/month-YYYY-MM-meta.js, its deployments decorated with what became of them and the ids of
//   its changes that amendments replaced: both depend on later entries, so this small script is
//   rewritten when they change. Its deployments are kept undecorated, one JSON a line, in the build
//   cache, to decorate again.

/**
 * JSON that no text can break out of inside a script, without bidi controls (U+202A-202E,
 * U+2066-2069: they reorder what a person reads, so a rollback plan could show one command and
 * hold another; the notes drop them too). JSON never escapes them, so they stand only inside strings.
 */
export function scriptSafe(json: string): string {
  if (!/[<\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(json)) return json;
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
}

/** A change as its month script holds it: the JSON the page gets, safe inside a script. */
export function changeJson(c: BoardChange): string {
  return scriptSafe(JSON.stringify(c));
}

/** The cache's line of a deployment (undecorated). */
export function deploymentLine(d: BoardDeployment): string {
  return JSON.stringify(d);
}

const PUSH = `(window.${BOARD_GLOBAL} = window.${BOARD_GLOBAL} || []).push(`;

/** The statement appended to a month's changes script: these changes (changeJson texts), in the order read. */
export function monthChangesStatement(key: string, changes: readonly string[]): string {
  return `${PUSH}{"kind":"monthChanges","key":${JSON.stringify(key)},"changes":[${changes.join(',')}]});\n`;
}

const NEWLINE = 10;

/**
 * A month's meta script from its cached deployment lines (their bytes, in the order read):
 * deployments decorated by `decorate`, newest first (ties by id, later first), and `superseded`,
 * the ids of the month's changes that amendments replaced.
 */
export function monthMetaScript(key: string, raw: Buffer, superseded: readonly string[], decorate: (d: BoardDeployment) => BoardDeployment): string {
  const deployments: BoardDeployment[] = [];
  for (let start = 0; start < raw.length; ) {
    let end = raw.indexOf(NEWLINE, start);
    if (end < 0) end = raw.length;
    if (end > start) deployments.push(decorate(JSON.parse(raw.toString('utf8', start, end)) as BoardDeployment));
    start = end + 1;
  }
  newestFirst(deployments);
  const meta: BoardMonthMeta = { kind: 'monthMeta', key, deployments, superseded: [...superseded] };
  return `${PUSH}${scriptSafe(JSON.stringify(meta))});\n`;
}
