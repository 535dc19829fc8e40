import { constants } from 'node:fs';
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ChangeTrailError } from '../errors';
import type { Logger } from '../log';
import { type LogEntry, logEntrySchema } from './changeRecord';
import { type LogReadResult, describeIssues, parseLine, readBlocks, warnProblems } from './changeLogReader';

/** Where the shared change log lives unless the team config says otherwise (relative to the repository). */
export const DEFAULT_CHANGE_LOG_PATH = '.changetrail/changes.jsonl';

const NEWLINE = 10;
// How many times a missing final "\n" is looked at again before it counts as a torn line.
const TORN_LOOKS = 3;

/** The absolute path of the change log: `configured` is relative to the repository, or absolute (a network share). */
export function changeLogPath(repositoryRoot: string, configured = DEFAULT_CHANGE_LOG_PATH): string {
  return resolve(repositoryRoot, configured);
}

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
  const { schema, version, id, createdAt, ...rest } = parsed.data;
  return JSON.stringify({ schema, version, id, createdAt, ...rest });
}

/**
 * Appends one entry to the log at `path`, durably (fsync). The whole line goes out in one write()
 * on an O_APPEND file, so concurrent writers never interleave within a line. Invalid entries are
 * refused with a ChangeTrailError before the file is touched.
 */
export async function appendEntry(path: string, entry: LogEntry): Promise<void> {
  const line = serializeEntry(entry);
  const handle = await openForAppend(path);
  try {
    // A crash mid-write leaves a line without its "\n"; start ours on a fresh line so it survives.
    const prefix = (await endsTorn(handle)) ? '\n' : '';
    const bytes = Buffer.from(`${prefix}${line}\n`, 'utf8');
    // One write() per line: splitting it lets other writers' lines land inside ours.
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) {
      throw new Error(`${path}: only ${bytesWritten} of ${bytes.length} bytes of a change log entry were written (disk full?)`);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// Read access is only for looking at the last byte; every write still appends (O_APPEND). The
// folder is made only when missing: a mkdir per record would cost as much as the stat.
async function openForAppend(path: string): Promise<FileHandle> {
  const flags = constants.O_APPEND | constants.O_CREAT | constants.O_RDWR;
  try {
    return await open(path, flags, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    return await open(path, flags, 0o644);
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
  return result;
}
