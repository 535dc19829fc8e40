import type { FileHandle } from 'node:fs/promises';
import { openLogFile } from '../logFile';
import type { LogEntry } from '../changeRecord';
import { EntryTable, LogRewrittenError } from './entryTable';
import { isoMs, kindOf } from './entryKeys';

// Parsed entries kept for the next question (the hover asks about the same lines again).
const CACHE_ENTRIES = 4096;
const NEWLINE = 10;
const RECORD_START = Buffer.from('{"schema":"changetrail/');
const OPEN_BRACE = 0x7b;
// Reads of entries closer than this are merged into one.
const MERGE_GAP = 64 * 1024;
// Reads in flight at once: as many as a batch of answerOf (256 entries) needs at most.
const READS_AT_ONCE = 256;

/** The table and the entries parsed from it, replaced together on a re-index. */
export interface Generation {
  readonly table: EntryTable;
  readonly parsed: Map<number, LogEntry | null>;
  /** Answers by question, with the table's entry count they were given at. */
  readonly answers: Map<string, { readonly stamp: number; readonly entries: readonly LogEntry[] }>;
}

/** An empty table. */
export function newGeneration(table = new EntryTable()): Generation {
  return { table, parsed: new Map(), answers: new Map() };
}

/** Keeps a parsed entry, dropping the oldest kept one when full. */
export function remember(parsed: Map<number, LogEntry | null>, n: number, entry: LogEntry | null): void {
  if (parsed.size >= CACHE_ENTRIES) parsed.delete(parsed.keys().next().value as number);
  parsed.set(n, entry);
}

/** Reads `length` bytes at `position` (fewer at the end of the file). */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Newlines in block[0, end). */
export function countLines(block: Buffer, end: number): number {
  let lines = 0;
  for (let at = block.indexOf(NEWLINE); at >= 0 && at < end; at = block.indexOf(NEWLINE, at + 1)) lines++;
  return lines;
}

/** Runs a read with a handle on the log (see HeldLogHandle). */
export type WithHandle = (read: (handle: FileHandle) => Promise<void>) => Promise<void>;

/** The entries with these numbers, read from the log (neighbours in one read) and parsed by `parse` unless parsed before. */
export async function readEntries(withHandle: WithHandle, gen: Generation, ns: readonly number[], parse: (n: number, bytes: Buffer, at: number) => LogEntry | null): Promise<(LogEntry | undefined)[]> {
  const { table, parsed } = gen;
  // The answer is built here, not read back from the cache: a read of more than the cache holds,
  // or another read meanwhile, may drop entries from it before this one returns.
  const found = new Map<number, LogEntry | null>();
  for (const n of ns) {
    const kept = parsed.get(n);
    if (kept !== undefined) found.set(n, kept);
  }
  const missing = [...new Set(ns.filter((n) => !found.has(n)))].sort((a, b) => table.offsets[a] - table.offsets[b]);
  if (missing.length > 0) {
    await withHandle(async (handle) => {
      const { offsets, lengths } = table;
      const groups: [number, number][] = [];
      for (let i = 0; i < missing.length; ) {
        let j = i + 1;
        while (j < missing.length && offsets[missing[j]] - (offsets[missing[j - 1]] + lengths[missing[j - 1]]) < MERGE_GAP) j++;
        groups.push([i, j]);
        i = j;
      }
      // The reads are asked together: one after another, each waited on the thread pool's round
      // trip, 206 entries of a range's records took 10-12 ms to read; together, 2 ms.
      let next = 0;
      let failed = false;
      const reader = async () => {
        for (let g = next++; g < groups.length && !failed; g = next++) {
          const [i, j] = groups[g];
          // With the byte before the first entry and the one after the last: each entry must still
          // lie between line ends (checkedEntry).
          const from = Math.max(0, offsets[missing[i]] - 1);
          const bytes = await readAt(handle, from, offsets[missing[j - 1]] + lengths[missing[j - 1]] + 1 - from);
          for (let k = i; k < j; k++) {
            const n = missing[k];
            const entry = checkedEntry(table, n, bytes, offsets[n] - from, parse);
            found.set(n, entry);
            remember(parsed, n, entry);
          }
        }
      };
      // After a failed read the others stop taking groups: the handle is about to be closed.
      const stopping = () => reader().catch((error: unknown) => {
        failed = true;
        throw error;
      });
      await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, groups.length) }, stopping));
    });
  }
  return ns.map((n) => found.get(n) ?? undefined);
}

/**
 * Parses entry `n` at `at` in `bytes` after checking that the log still holds the line indexed
 * there: it starts a line (or is a record rescued from a damaged line), ends one (or where the next rescued record starts), and
 * parses to an entry of the kind and time it was filed under. A log rewritten to the same size
 * keeps its size and both ends, so only this tells it apart: throws LogRewrittenError then.
 */
function checkedEntry(table: EntryTable, n: number, bytes: Buffer, at: number, parse: (n: number, bytes: Buffer, at: number) => LogEntry | null): LogEntry | null {
  const end = at + table.lengths[n];
  const starts = table.offsets[n] === 0 || bytes[at - 1] === NEWLINE || bytes.subarray(at, at + RECORD_START.length).equals(RECORD_START);
  // A record glued before another on a damaged line ends where the next one starts.
  if (!starts || (bytes[end] !== NEWLINE && bytes[end] !== OPEN_BRACE)) throw new LogRewrittenError(table.lines[n]);
  const entry = parse(n, bytes, at);
  if (entry === null) return entry;
  const time = isoMs(entry.createdAt);
  if (kindOf(entry.schema) !== table.kinds[n] || !(time === table.times[n] || (Number.isNaN(time) && Number.isNaN(table.times[n])))) throw new LogRewrittenError(table.lines[n]);
  return entry;
}

/** For a big append: whether the log's first bytes and the last indexed ones are as they were. */
export async function sameEnds(path: string, head: Buffer, tail: Buffer, indexed: number): Promise<boolean> {
  const handle = await openLogFile(path, 'read');
  try {
    return (await readAt(handle, 0, head.length)).equals(head) && (await readAt(handle, indexed - tail.length, tail.length)).equals(tail);
  } finally {
    await handle.close();
  }
}
