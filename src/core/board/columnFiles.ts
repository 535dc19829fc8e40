import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Typed-array columns kept as files of their bytes: a build appends the rows it added, the next one
// reads the pages it asks for (factColumn.ts). A file of the wrong size (a build cut short, a
// damaged cache) throws, and the board is then built afresh.

export type Column = Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array;
export type ColumnType<T extends Column> = { new (length: number): T; new (buffer: ArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number };

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

/** Throws when a column's file does not hold exactly `count` rows (without reading it). */
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
