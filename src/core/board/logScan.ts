import type { Logger } from '../log';
import { type LogReadResult, noteNewer, parseLine, readBlocks, warnProblems } from '../records/changeLogReader';
import type { LogEntry } from '../records/changeRecord';
import { openLogFile } from '../records/logFile';
import { readAt } from '../records/index/indexGeneration';

const NEWLINE = 10;
// Bytes compared at both ends of what was read, to tell an append from a rewrite (as the index does).
const FINGERPRINT = 64;

/** How far a log was read: its whole lines up to `size`, and the bytes at both ends of them. */
export interface LogMark {
  readonly size: number;
  readonly lines: number;
  /** Base64 of the first and the last (up to) 64 bytes read. */
  readonly head: string;
  readonly tail: string;
  /** Bad lines skipped up to `size`, over every read: the board says them (they are not on it). */
  readonly skipped: number;
}

/** Where to go on reading `path` after `mark`: from its end when the file only grew since, else undefined (read it all again). */
export async function appendedSince(path: string, mark: LogMark): Promise<{ readonly start: number; readonly lines: number; readonly skipped: number } | undefined> {
  let handle;
  try {
    handle = await openLogFile(path, 'read');
  } catch {
    return undefined;
  }
  try {
    const { size } = await handle.stat();
    if (size < mark.size) return undefined;
    const head = await readAt(handle, 0, Buffer.from(mark.head, 'base64').length);
    const tailLength = Buffer.from(mark.tail, 'base64').length;
    const tail = await readAt(handle, mark.size - tailLength, tailLength);
    if (head.toString('base64') !== mark.head || tail.toString('base64') !== mark.tail) return undefined;
    return { start: mark.size, lines: mark.lines, skipped: mark.skipped };
  } finally {
    await handle.close();
  }
}

/**
 * Reads the log from byte `start` (line `lines` + 1) with the chunked reader and hands every valid
 * entry to `onEntry`, validated as readLog does (bad lines skipped and reported by line, a torn last
 * line only logged); nothing is kept. Returns the mark to go on from next time: after the last whole line.
 */
export async function scanLog(path: string, from: { readonly start: number; readonly lines: number; readonly skipped: number }, onEntry: (entry: LogEntry) => void, logger: Logger): Promise<{ mark: LogMark; read: number }> {
  const result: LogReadResult = { entries: [], problems: [] };
  let line = from.lines;
  let base = from.start;
  let end = from.start;
  let read = 0;
  const onTorn = (n: number) => logger.warn(`${path}:${n}: skipped an incomplete last line (a write in progress, or cut short by a crash)`);
  await readBlocks(path, (block) => {
    for (let start = 0; start < block.length; ) {
      const newline = block.indexOf(NEWLINE, start);
      const stop = newline < 0 ? block.length : newline;
      line++;
      if (stop > start) {
        parseLine(block.toString('utf8', start, stop), line, newline >= 0, result, onTorn);
        for (const entry of result.entries) onEntry(entry);
        read += result.entries.length;
        result.entries.length = 0;
      }
      if (newline >= 0) end = base + newline + 1;
      start = stop + 1;
    }
    base += block.length;
  }, from.start);
  for (const p of result.problems.slice(0, 5)) logger.warn(`${path}:${p.line}: ${p.message}`);
  warnProblems(path, result.problems, logger);
  noteNewer(path, result.newer, logger);
  const lines = line - (end < base ? 1 : 0);
  return { mark: await markOf(path, end, lines, from.skipped + result.problems.length), read };
}

async function markOf(path: string, size: number, lines: number, skipped: number): Promise<LogMark> {
  let handle;
  try {
    handle = await openLogFile(path, 'read');
  } catch {
    return { size: 0, lines: 0, head: '', tail: '', skipped: 0 };
  }
  try {
    const head = await readAt(handle, 0, Math.min(FINGERPRINT, size));
    const tail = await readAt(handle, Math.max(0, size - FINGERPRINT), Math.min(FINGERPRINT, size));
    return { size, lines, head: head.toString('base64'), tail: tail.toString('base64'), skipped };
  } finally {
    await handle.close();
  }
}
