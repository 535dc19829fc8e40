import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Appends rows [from, to) of `column` to its file. */
export function appendColumn(dir: string, name: string, column: Column, from: number, to: number): void {
  if (to > from) appendFileSync(join(dir, `${name}.bin`), bytesOf(column, from, to));
}

/** Writes rows [0, count) of `column` as its whole file. */
export function writeColumn(dir: string, name: string, column: Column, count: number): void {
  writeFileSync(join(dir, `${name}.bin`), bytesOf(column, 0, count));
}

/** Reads a column of `count` rows; throws when its file does not hold exactly that. */
export function readColumn<T extends Column>(dir: string, name: string, type: ColumnType<T>, count: number): T {
  const bytes = count === 0 ? new Uint8Array(0) : readFileSync(join(dir, `${name}.bin`));
  if (bytes.length !== count * type.BYTES_PER_ELEMENT) throw new Error(`${name}: ${bytes.length} bytes where ${count} rows were saved`);
  // A typed array needs its offset aligned to its element size; a small file may come from a shared pool.
  if (bytes.byteOffset % type.BYTES_PER_ELEMENT === 0) return new type(bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
  const out = new type(count);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
