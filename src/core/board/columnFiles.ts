import { appendFileSync, closeSync, fstatSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Typed-array columns kept as files of their bytes: a build appends the rows it added, the next one
// reads each file back in one read. A file of the wrong size (a build cut short, a damaged cache)
// throws, and the board is then built afresh.

export type Column = Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array;
type ColumnType<T extends Column> = { new (length: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number };

function bytesOf(column: Column, from: number, to: number): Uint8Array {
  const size = column.BYTES_PER_ELEMENT;
  return new Uint8Array(column.buffer, column.byteOffset + from * size, (to - from) * size);
}

/** Appends rows [from, to) of `column` to its file (made when missing, even with no rows). */
export function appendColumn(dir: string, name: string, column: Column, from: number, to: number): void {
  appendFileSync(join(dir, `${name}.bin`), bytesOf(column, from, Math.max(from, to)));
}

/** Writes rows [0, count) of `column` as its whole file. */
export function writeColumn(dir: string, name: string, column: Column, count: number): void {
  writeFileSync(join(dir, `${name}.bin`), bytesOf(column, 0, count));
}

/**
 * Reads a column of `count` rows into an array with room for `spare` more (so the rows a rebuild
 * adds do not copy the column); throws when its file does not hold exactly `count` rows.
 */
export function readColumn<T extends Column>(dir: string, name: string, type: ColumnType<T>, count: number, spare = 0): T {
  // Not zero-filled first (tens of megabytes a rebuild): the rows are read over, the spare rows zeroed.
  const memory = Buffer.allocUnsafeSlow((count + spare) * type.BYTES_PER_ELEMENT);
  const out = new type(memory.buffer as ArrayBuffer, memory.byteOffset, count + spare);
  out.fill(0, count);
  const bytes = new Uint8Array(memory.buffer, memory.byteOffset, count * type.BYTES_PER_ELEMENT);
  const fd = openSync(join(dir, `${name}.bin`), 'r');
  try {
    const size = fstatSync(fd).size;
    if (size !== bytes.length) throw new Error(`${name}: ${size} bytes where ${count} rows were saved`);
    for (let filled = 0; filled < bytes.length; ) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) throw new Error(`${name}: cut short`);
      filled += read;
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** Throws, as readColumn would, when a column's file does not hold exactly `count` rows (without reading it). */
export function checkColumn<T extends Column>(dir: string, name: string, type: ColumnType<T>, count: number): void {
  const size = statSync(join(dir, `${name}.bin`)).size;
  if (size !== count * type.BYTES_PER_ELEMENT) throw new Error(`${name}: ${size} bytes where ${count} rows were saved`);
}

/** A growable column. */
export function grown<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(column: T, need: number): T {
  if (need <= column.length) return column;
  const next = new (column.constructor as new (n: number) => T)(Math.max(need, column.length * 2, 1024));
  next.set(column);
  return next;
}
