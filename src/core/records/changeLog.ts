import { type FileHandle, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ChangeTrailError, errorMessage } from '../errors';
import type { Logger } from '../log';
import { type LogEntry, logEntrySchema } from './changeRecord';
import { type LogReadResult, describeIssues, noteNewer, parseLine, readBlocks, warnProblems } from './changeLogReader';
import { openLogFile, unusable, unusableReason } from './logFile';

export { DEFAULT_CHANGE_LOG_PATH, changeLogPath } from './logFile';

const NEWLINE = 10;
// How many times a missing final "\n" is looked at again before it counts as a torn line.
const TORN_LOOKS = 3;

/**
 * The JSON line for an entry (without "\n"), keys in a fixed order that starts with schema, version,
 * id and createdAt so a query can judge a line by its first hundred bytes. Throws ChangeTrailError
 * naming the field when the entry is invalid.
 */
export function serializeEntry(entry: LogEntry): string {
  const parsed = logEntrySchema.safeParse(entry);
  if (!parsed.success) {
    // errors.ts has no code for records yet; ConfigInvalid is the nearest "input failed its schema".
    throw new ChangeTrailError(
      'ConfigInvalid',
      `Change log entry refused: ${describeIssues(parsed.error.issues, entry)}`,
      parsed.error.issues.map((issue) => describeIssues([issue], entry)).join('\n'),
    );
  }
  // The entry as given, not zod's copy: a record read from a newer writer keeps the fields this version does not know.
  const { schema, version, id, createdAt, ...rest } = entry as LogEntry & Record<string, unknown>;
  return JSON.stringify({ schema, version, id, createdAt, ...rest });
}

/** Writes bytes at the end of the open log; the default is one write() call. Tests inject a short or failing one. */
export type LogWrite = (handle: FileHandle, bytes: Buffer) => Promise<{ readonly bytesWritten: number }>;

/**
 * Appends one entry to the log at `path`, durably (fsync). The whole line goes out in one write()
 * on an O_APPEND file, so concurrent writers never interleave within a line. Invalid entries are
 * refused with a ChangeTrailError before the file is touched. When the write is short or fails
 * (a full disk), the bytes it did write are cut off again and a ChangeTrailError (RecordNotWritten)
 * says the record is not in the log: no partial line is left behind.
 */
export async function appendEntry(path: string, entry: LogEntry, options: { readonly write?: LogWrite } = {}): Promise<void> {
  const line = serializeEntry(entry);
  const write = options.write ?? ((h, b) => h.write(b, 0, b.length));
  const handle = await openForAppend(path);
  try {
    // A crash mid-write leaves a line without its "\n"; start ours on a fresh line so it survives.
    const prefix = (await endsTorn(handle)) ? '\n' : '';
    const bytes = Buffer.from(`${prefix}${line}\n`, 'utf8');
    let written = 0;
    try {
      // One write() per line: splitting it lets other writers' lines land inside ours.
      written = (await write(handle, bytes)).bytesWritten;
      if (written !== bytes.length) throw new Error(`only ${written} of ${bytes.length} bytes were written (disk full?)`);
      await handle.sync();
    } catch (error) {
      const cut = await cutBack(handle, bytes, written);
      throw new ChangeTrailError('RecordNotWritten', `${path}: the ${entry.schema.replace('changetrail/', '')} record ${entry.id} was not written: ${errorMessage(error)}${cut ? '' : '; a partial line may remain (readers skip it)'}`);
    }
  } finally {
    await handle.close();
  }
}

// Removes our partial line when the file ends with it; another writer's line after ours is never cut.
// Returns whether the log holds none of our bytes now.
async function cutBack(handle: FileHandle, bytes: Buffer, written: number): Promise<boolean> {
  try {
    const { size } = await handle.stat();
    for (const n of new Set([written, bytes.length])) {
      if (n === 0 || size < n) continue;
      const tail = Buffer.alloc(n);
      await handle.read(tail, 0, n, size - n);
      if (tail.equals(bytes.subarray(0, n))) {
        await handle.truncate(size - n);
        await handle.sync().catch(() => undefined);
        return true;
      }
    }
    return written === 0;
  } catch {
    return false;
  }
}

// Read access is only for looking at the last byte; every write still appends (O_APPEND). The
// folder is made only when missing: a mkdir per record would cost as much as the stat.
async function openForAppend(path: string): Promise<FileHandle> {
  try {
    return await openLogFile(path, 'append');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true }).catch((failed: NodeJS.ErrnoException) => {
      const why = unusableReason(failed.code === 'EEXIST' ? 'ENOTDIR' : failed.code);
      throw why ? unusable(path, 'append', `its folder cannot be made: ${why}`) : failed;
    });
    return await openLogFile(path, 'append');
  }
}

// Whether the file ends inside a line. Another writer's line is visible while the kernel copies
// it in, so a missing "\n" is only believed once the size has stopped changing; otherwise every
// such glimpse would add an empty line (harmless to readers, but it looks like damage).
async function endsTorn(handle: FileHandle): Promise<boolean> {
  const last = Buffer.alloc(1);
  let { size } = await handle.stat();
  for (let look = 0; size > 0; look++) {
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === NEWLINE) return false;
    if (look === TORN_LOOKS) return true;
    await delay(1);
    const now = (await handle.stat()).size;
    if (now === size) return true;
    size = now;
  }
  return false;
}

/**
 * Reads every valid entry of the log, streaming it in big chunks. Bad lines are skipped and
 * reported with their line number, a torn last line only logged; never throws for content, and
 * never rewrites the file. A missing file reads as empty.
 */
export async function readLog(path: string, logger: Logger): Promise<LogReadResult> {
  const result: LogReadResult = { entries: [], problems: [] };
  let line = 0;
  const onTorn = (n: number) => logger.warn(`${path}:${n}: skipped an incomplete last line (a write in progress, or cut short by a crash)`);
  await readBlocks(path, (block) => {
    let start = 0;
    while (start < block.length) {
      const newline = block.indexOf(NEWLINE, start);
      const end = newline < 0 ? block.length : newline;
      line++;
      if (end > start) parseLine(block.toString('utf8', start, end), line, newline >= 0, result, onTorn);
      start = end + 1;
    }
  });
  warnProblems(path, result.problems, logger);
  noteNewer(path, result.newer, logger);
  return result;
}
