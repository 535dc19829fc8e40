import type { FileHandle } from 'node:fs/promises';
import type { LogEntry } from '../changeRecord';
import { EntryTable } from './entryTable';

// Parsed entries kept for the next question (the hover asks about the same lines again).
const CACHE_ENTRIES = 4096;
const NEWLINE = 10;

/** The table and the entries parsed from it, replaced together on a re-index. */
export interface Generation {
  readonly table: EntryTable;
  readonly parsed: Map<number, LogEntry | null>;
  /** Answers by question, with the table's entry count they were given at. */
  readonly answers: Map<string, { readonly stamp: number; readonly entries: readonly LogEntry[] }>;
}

/** An empty table. */
export function newGeneration(): Generation {
  return { table: new EntryTable(), parsed: new Map(), answers: new Map() };
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
