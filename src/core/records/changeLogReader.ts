import type * as z from 'zod/mini';
import { fieldPath } from '../config/configProblem';
import { type Logger, excerpt } from '../log';
import { type LogEntry, logEntrySchema } from './changeRecord';
import { MAX_ENTRY_DEPTH, checkLogEntry, nestsTooDeep } from './logEntryCheck';
import { openLogFile } from './logFile';

/** A line of the change log that was skipped, and why. */
export interface LogProblem {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly message: string;
}

/**
 * A line a newer ChangeTrail wrote: a record kind or schema version this one does not know. It is
 * kept, never a problem: the log is shared, and a teammate's newer extension must not look like damage.
 */
export interface NewerRecord {
  readonly line: number;
  readonly schema: string;
  readonly version?: number;
  /** The line as parsed, every field kept. */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** What reading (part of) the change log gave: the valid entries in file order and the skipped lines. */
export interface LogReadResult {
  /** Valid entries as written: fields this version does not know are kept, not stripped. */
  entries: LogEntry[];
  problems: LogProblem[];
  /** Records written by a newer ChangeTrail, kept aside (absent when there are none). */
  newer?: NewerRecord[];
}

// The record kinds and versions this build knows, read off the schema so a new kind is known at once.
const KNOWN_VERSIONS = new Map<string, number>(
  logEntrySchema.def.options.map((o) => [o.def.shape.schema.def.values[0] as string, o.def.shape.version.def.values[0] as number]),
);

/** Whether a parsed line is a record of a kind or version newer than this build knows. */
export function newerRecord(json: unknown, line: number): NewerRecord | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const { schema, version } = json as { schema?: unknown; version?: unknown };
  if (typeof schema !== 'string' || !schema.startsWith('changetrail/')) return undefined;
  const known = KNOWN_VERSIONS.get(schema);
  const newer = known === undefined ? typeof version === 'number' || version === undefined : typeof version === 'number' && Number.isInteger(version) && version > known;
  return newer ? { line, schema, ...(typeof version === 'number' ? { version } : {}), raw: json as Record<string, unknown> } : undefined;
}

const NEWLINE = 10;
const BOM = 0xfeff;
// Big reads amortise the per-call cost; a line longer than this grows the buffers.
const CHUNK_BYTES = 8 * 1024 * 1024;
// Where a record starts in canonical JSON; used to rescue records glued onto a torn fragment.
const RECORD_START_BYTES = Buffer.from('{"schema":"changetrail/');

/**
 * Reads a file in big chunks and hands `onBlock` runs of whole lines. Every block ends with "\n"
 * except possibly the last, whose final line was then never terminated. The block's memory is
 * reused afterwards, so `onBlock` must copy out what it keeps. Returns false when the file is missing.
 * `start` skips the bytes before it (the change-log index reads only what was appended).
 */
export async function readBlocks(path: string, onBlock: (block: Buffer) => void, start = 0): Promise<boolean> {
  let handle;
  try {
    // Never through a symlink, and only a regular file: /dev/zero would read forever.
    handle = await openLogFile(path, 'read');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  // Two buffers, so the next chunk is read while this one is searched; the unfinished line at the
  // end of one chunk is moved to the start of the other before that read begins.
  let current = Buffer.allocUnsafe(CHUNK_BYTES);
  let next = Buffer.allocUnsafe(CHUNK_BYTES);
  let carry = 0; // bytes of an unfinished line at the start of `current`
  let position = start;
  let reading = handle.read(current, 0, current.length, start);
  try {
    for (;;) {
      const { bytesRead } = await reading;
      const filled = carry + bytesRead;
      if (bytesRead === 0) {
        if (filled > 0) onBlock(current.subarray(0, filled));
        return true;
      }
      position += bytesRead;
      const lastNewline = current.lastIndexOf(NEWLINE, filled - 1);
      if (lastNewline < 0) {
        carry = filled;
        if (carry === current.length) current = Buffer.concat([current], current.length * 2);
        reading = handle.read(current, carry, current.length - carry, position);
        continue;
      }
      const nextCarry = filled - lastNewline - 1;
      if (next.length < current.length) next = Buffer.allocUnsafe(current.length);
      current.copy(next, 0, lastNewline + 1, filled);
      reading = handle.read(next, nextCarry, next.length - nextCarry, position);
      onBlock(current.subarray(0, lastNewline + 1));
      [current, next] = [next, current];
      carry = nextCarry;
    }
  } finally {
    // A read may still be filling a buffer if onBlock threw; let it finish before closing.
    await reading.catch(() => undefined);
    await handle.close();
  }
}

/**
 * Parses one line into `result`: a valid entry is kept, anything else becomes a problem naming the
 * line and field. An unterminated line that is not JSON is a write still in progress or cut short
 * by a crash, so it is only logged (via `onTorn`), not reported. Never throws.
 */
export function parseLine(text: string, line: number, terminated: boolean, result: LogReadResult, onTorn: (line: number) => void): void {
  // A byte-order mark (a Windows editor's save, a file concatenated onto the log) is no damage.
  if (text.charCodeAt(0) === BOM) text = text.slice(1);
  if (text.trim() === '') return;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    if (!terminated) {
      onTorn(line);
      return;
    }
    const rescued = gluedRecords(Buffer.from(text, 'utf8'), 0, Buffer.byteLength(text)).map((g) => g.entry);
    result.entries.push(...rescued);
    const kept = rescued.length === 1 ? '; the record after the fragment was kept' : rescued.length > 1 ? `; the ${rescued.length} records on it were kept` : '';
    result.problems.push({ line, message: `not valid JSON (a torn or hand-edited line)${kept}` });
    return;
  }
  if (nestsTooDeep(json, text)) {
    result.problems.push({ line, message: `nested deeper than ${MAX_ENTRY_DEPTH} levels (no ChangeTrail record is; it could not be written out again)` });
    return;
  }
  const parsed = checkLogEntry(json);
  // The line as written, not zod's copy: an object schema strips the fields it does not know.
  if (parsed.success) result.entries.push(json as LogEntry);
  else {
    const newer = newerRecord(json, line);
    if (newer) (result.newer ??= []).push(newer);
    else result.problems.push({ line, message: describeIssues(parsed.error.issues, json) });
  }
}

/** One line naming the first invalid field, e.g. `version: expected 1, got 2`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const issue = issues[0];
  if (!issue) return 'invalid entry';
  const field = fieldPath(issue.path) || 'entry';
  const got = show(valueAt(input, issue.path));
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  let what: string;
  switch (issue.code) {
    case 'invalid_type':
      what = `expected ${issue.expected}, got ${got}`;
      break;
    case 'invalid_value':
      what = `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${got}`;
      break;
    case 'invalid_union':
      what = `not a known record type, got ${got}`;
      break;
    case 'invalid_format':
      // Our schemas put the expected shape ("a ULID") in the message; zod/mini's default says nothing.
      what = issue.message && issue.message !== 'Invalid input' ? `expected ${issue.message}, got ${got}` : `badly formed, got ${got}`;
      break;
    case 'too_small':
      what = `too short, got ${got}`;
      break;
    default:
      what = issue.message;
  }
  return `${field}: ${what}${more}`;
}

/** A record found on a damaged line, and its bytes [from, to). */
export interface GluedRecord {
  readonly entry: LogEntry;
  readonly from: number;
  readonly to: number;
}

/**
 * The records on a line that is not JSON as a whole: a writer that crashed mid-line leaves a
 * fragment and the next record lands after it, and a tool that appended without checking for a
 * missing "\n" glues whole records together. Each run from one `{"schema":"changetrail/` to the
 * next (or to `end`) that parses as an entry is kept: the records are not lost with the fragment.
 * The marker cannot occur inside a JSON string (its quotes would be escaped there).
 */
export function gluedRecords(bytes: Buffer, start: number, end: number): GluedRecord[] {
  const found: GluedRecord[] = [];
  for (let at = bytes.indexOf(RECORD_START_BYTES, start); at >= 0 && at < end; ) {
    const next = bytes.indexOf(RECORD_START_BYTES, at + 1);
    const to = next >= 0 && next < end ? next : end;
    try {
      const text = bytes.toString('utf8', at, to);
      const json: unknown = JSON.parse(text);
      if (!nestsTooDeep(json, text) && checkLogEntry(json).success) found.push({ entry: json as LogEntry, from: at, to });
    } catch {
      // a fragment
    }
    at = next >= 0 && next < end ? next : -1;
  }
  return found;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  // Problems end up in logs and messages; a whole description or answer would drown them, and a
  // value may hold a pasted token: masked before it is cut.
  return excerpt(JSON.stringify(value) ?? String(value), 40);
}

/** Logs skipped lines once per read, naming the first few, so a damaged log cannot flood the log channel. */
export function warnProblems(path: string, problems: readonly LogProblem[], logger: Logger): void {
  if (problems.length === 0) return;
  const first = problems.slice(0, 3).map((p) => `line ${p.line}: ${p.message}`).join('; ');
  const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
  logger.warn(`${path}: skipped ${problems.length} bad line${problems.length === 1 ? '' : 's'}: ${first}${more}`);
}

/** Says once per read that records of a newer ChangeTrail were kept but cannot be shown by this one. */
export function noteNewer(path: string, newer: readonly NewerRecord[] | undefined, logger: Logger): void {
  if (!newer?.length) return;
  const kinds = [...new Set(newer.map((n) => `${n.schema}${n.version === undefined ? '' : ` version ${n.version}`}`))].slice(0, 3).join(', ');
  logger.warn(`${path}: ${newer.length} record${newer.length === 1 ? ' was' : 's were'} written by a newer ChangeTrail (${kinds}): kept in the log, not shown here; update ChangeTrail to see ${newer.length === 1 ? 'it' : 'them'}`);
}
