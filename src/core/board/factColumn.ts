import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { type Column, type ColumnType, appendColumn, checkColumn, grown } from './columnFiles';

// One column of the facts table. The rows the last build saved stay in their file and are read a
// page (64 KB) at a time when first asked for; the rows added since are in memory. A rebuild asks
// for the rows of the last days and a few old ones, so it reads a few pages, not the column (tens
// of megabytes over a million records). A first build has every row in memory.

const PAGE_BYTES = 65_536;

/** Reads page `p` (of `pageBytes`) of a file that holds `bytes` bytes saved, into `into`. */
function readPage(file: string, p: number, pageBytes: number, bytes: number, into: Uint8Array): void {
  const from = p * pageBytes;
  const length = Math.min(pageBytes, bytes - from);
  const fd = openSync(file, 'r');
  try {
    for (let filled = 0; filled < length; ) {
      const read = readSync(fd, into, filled, length - filled, from + filled);
      if (read === 0) throw new Error(`${file}: cut short`);
      filled += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** A typed column: see the file comment. */
export class FactColumn<T extends Column> {
  /** Rows in all. */
  length = 0;
  private saved = 0;
  private file = '';
  private readonly shift: number;
  private readonly pages: (T | undefined)[] = [];
  private fresh: T;
  /** What all() gave, until a row is added. */
  private whole: T | undefined;

  constructor(readonly type: ColumnType<T>) {
    this.fresh = new type(0);
    this.shift = Math.log2(PAGE_BYTES / type.BYTES_PER_ELEMENT);
  }

  /** The column saved as `name` in `dir` with `rows` rows; throws when its file holds another number. */
  static saved<T extends Column>(type: ColumnType<T>, dir: string, name: string, rows: number): FactColumn<T> {
    checkColumn(dir, name, type, rows);
    const c = new FactColumn(type);
    c.file = join(dir, `${name}.bin`);
    c.saved = rows;
    c.length = rows;
    return c;
  }

  at(i: number): number {
    if (i >= this.saved) return this.fresh[i - this.saved];
    const p = i >>> this.shift;
    return (this.pages[p] ?? this.page(p))[i - (p << this.shift)];
  }

  push(value: number): void {
    this.whole = undefined;
    const row = this.length++ - this.saved;
    if (row >= this.fresh.length) this.fresh = grown(this.fresh, row + 1);
    this.fresh[row] = value;
  }

  /** Every row in one array (reads every page not read yet): for the builds that go over all of them. Not to be written to. */
  all(): T {
    if (this.whole) return this.whole;
    const out = new this.type(this.length);
    const perPage = 1 << this.shift;
    for (let p = 0; p * perPage < this.saved; p++) {
      out.set(this.pages[p] ?? this.page(p), p * perPage);
    }
    out.set(this.fresh.subarray(0, this.length - this.saved), this.saved);
    this.whole = out;
    return out;
  }

  /** Appends rows [from, length) to the column's file in `dir` (rows before `saved` are in it already). */
  save(dir: string, name: string, from: number): void {
    if (from < this.saved) throw new Error(`${name}: rows from ${from} saved again (${this.saved} are in the file)`);
    appendColumn(dir, name, this.fresh, from - this.saved, this.length - this.saved);
  }

  private page(p: number): T {
    const perPage = 1 << this.shift;
    const rows = Math.min(perPage, this.saved - p * perPage);
    const memory = Buffer.allocUnsafeSlow(rows * this.type.BYTES_PER_ELEMENT);
    readPage(this.file, p, PAGE_BYTES, this.saved * this.type.BYTES_PER_ELEMENT, memory);
    const page = new this.type(memory.buffer as ArrayBuffer, memory.byteOffset, rows);
    this.pages[p] = page;
    return page;
  }
}

/** Rows of `width` bytes (ids, shas), read and kept as FactColumn's rows are. */
export class FactRows {
  length = 0;
  private saved = 0;
  private file = '';
  private readonly perPage: number;
  private readonly pages: (Buffer | undefined)[] = [];
  private fresh = Buffer.alloc(0);

  constructor(private readonly width: number) {
    this.perPage = Math.floor(PAGE_BYTES / width);
  }

  static saved(width: number, dir: string, name: string, rows: number): FactRows {
    checkColumn(dir, name, Uint8Array, rows * width);
    const r = new FactRows(width);
    r.file = join(dir, `${name}.bin`);
    r.saved = rows;
    r.length = rows;
    return r;
  }

  /** The buffer holding row `i`, and where in it the row starts. */
  locate(i: number): [Buffer, number] {
    if (i >= this.saved) return [this.fresh, (i - this.saved) * this.width];
    const p = Math.floor(i / this.perPage);
    return [this.pages[p] ?? this.page(p), (i - p * this.perPage) * this.width];
  }

  /** Row `i` as text in `encoding` (latin1 for ids, hex for shas). */
  text(i: number, encoding: 'latin1' | 'hex'): string {
    const [buffer, at] = this.locate(i);
    return buffer.toString(encoding, at, at + this.width);
  }

  /** Adds a row of `text` in `encoding` (zeros when `text` is undefined). */
  push(text: string | undefined, encoding: 'latin1' | 'hex'): void {
    const row = this.length++ - this.saved;
    if ((row + 1) * this.width > this.fresh.length) {
      const next = Buffer.alloc(Math.max(1024, this.fresh.length / this.width * 2, row + 1) * this.width);
      this.fresh.copy(next);
      this.fresh = next;
    }
    if (text !== undefined) this.fresh.write(text, row * this.width, this.width, encoding);
  }

  save(dir: string, name: string, from: number): void {
    if (from < this.saved) throw new Error(`${name}: rows from ${from} saved again (${this.saved} are in the file)`);
    appendColumn(dir, name, this.fresh, (from - this.saved) * this.width, (this.length - this.saved) * this.width);
  }

  private page(p: number): Buffer {
    const rows = Math.min(this.perPage, this.saved - p * this.perPage);
    const page = Buffer.allocUnsafeSlow(rows * this.width);
    readPage(this.file, p, this.perPage * this.width, this.saved * this.width, page);
    this.pages[p] = page;
    return page;
  }
}
