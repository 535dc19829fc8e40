import { appendColumn, writeColumn } from './columnFiles';
import { FactColumn, FactRows } from './factColumn';

// The ids of a board's entries (ULIDs: 26 ASCII characters), each with its kind and number, and
// their order for a binary search. The ids saved by the last build stay in their files and are read
// a page at a time (factColumn.ts): a rebuild looks up the few new ids, and the binary search of
// ids later than any saved (the usual append) touches the same few pages each time. The ids added
// since are found by a hash table of their slots over the same bytes: a first build of a million
// ids keeps no string and no Map entry per id.

const WIDTH = 26;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of an id's 26 characters (ULIDs are ASCII: a character is its byte). */
function hashOf(id: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < WIDTH; i++) h = Math.imul(h ^ id.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** See the file comment. */
export class IdTable {
  private bytes = new FactRows(WIDTH);
  private kinds = new FactColumn(Uint8Array);
  private nums = new FactColumn(Uint32Array);
  /** Slots in id order: those saved by the last build (the ones added since are in `table`). */
  private sorted = new FactColumn(Uint32Array);
  /** Slots from `saved` on, by hashOf(id), open addressing (-1: empty), at most half full. */
  private table = new Int32Array(1024).fill(-1);
  private saved = 0;
  private readonly probe = Buffer.alloc(WIDTH);

  get count(): number {
    return this.bytes.length;
  }

  /** Slot of `id`, or -1. */
  find(id: string): number {
    if (id.length !== WIDTH) return -1;
    const slot = this.freshSlot(id);
    if (slot >= 0) return slot;
    const n = this.sorted.length;
    if (n === 0) return -1;
    this.probe.write(id, 'latin1');
    // Later than every saved id (a new one, as appended ids nearly always are): not there.
    if (this.compareAt(this.sorted.at(n - 1)) > 0) return -1;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.sorted.at(mid);
      const order = this.compareAt(s);
      if (order === 0) return s;
      if (order > 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** Adds an id (not there yet) of `kind` whose number in its kind's columns is `num`; returns its slot. */
  add(id: string, kind: number, num: number): number {
    if (id.length !== WIDTH) throw new Error(`not a ULID: ${id}`);
    const slot = this.bytes.length;
    this.bytes.push(id, 'latin1');
    this.kinds.push(kind);
    this.nums.push(num);
    if ((slot - this.saved + 1) * 2 > this.table.length) this.grow();
    this.place(slot, hashOf(id));
    return slot;
  }

  /** The slot of `id` among those added since the last save, or -1. */
  private freshSlot(id: string): number {
    const mask = this.table.length - 1;
    for (let i = hashOf(id) & mask; ; i = (i + 1) & mask) {
      const slot = this.table[i];
      if (slot < 0) return -1;
      const [buffer, at] = this.bytes.locate(slot);
      let same = true;
      for (let k = 0; k < WIDTH && same; k++) same = buffer[at + k] === id.charCodeAt(k);
      if (same) return slot;
    }
  }

  private place(slot: number, hash: number): void {
    const mask = this.table.length - 1;
    let i = hash & mask;
    while (this.table[i] >= 0) i = (i + 1) & mask;
    this.table[i] = slot;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2).fill(-1);
    for (const slot of old) if (slot >= 0) this.place(slot, hashOf(this.idAt(slot)));
  }

  kindAt(slot: number): number {
    return this.kinds.at(slot);
  }

  numAt(slot: number): number {
    return this.nums.at(slot);
  }

  idAt(slot: number): string {
    return this.bytes.text(slot, 'latin1');
  }

  /** Appends the ids added since `saved` (how many there were at the last save) and their order. */
  save(dir: string, saved: number): void {
    this.bytes.save(dir, 'idBytes', saved);
    this.kinds.save(dir, 'idKinds', saved);
    this.nums.save(dir, 'idNums', saved);
    const count = this.count;
    if (count === this.saved) {
      if (this.sorted.length === 0) writeColumn(dir, 'idOrder', new Uint32Array(0), 0);
      return;
    }
    // New ids nearly always come in order (ULIDs of appended lines): then they are their own order.
    let added = Uint32Array.from({ length: count - this.saved }, (_, i) => this.saved + i);
    for (let i = 1; i < added.length; i++) {
      if (this.compare(added[i - 1], added[i]) > 0) {
        const ids = [...added].map((slot) => [this.idAt(slot), slot] as const);
        added = Uint32Array.from(ids.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, slot]) => slot));
        break;
      }
    }
    // After every saved one (the usual append): their order is appended. Otherwise the whole order is merged and written again.
    const old = this.sorted.length;
    if (old === 0 || this.compare(this.sorted.at(old - 1), added[0]) < 0) {
      if (old === 0) writeColumn(dir, 'idOrder', added, added.length);
      else appendColumn(dir, 'idOrder', added, 0, added.length);
      return;
    }
    const before = this.sorted.all();
    const out = new Uint32Array(old + added.length);
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < old && j < added.length) out[o++] = this.compare(before[i], added[j]) <= 0 ? before[i++] : added[j++];
    while (i < old) out[o++] = before[i++];
    while (j < added.length) out[o++] = added[j++];
    writeColumn(dir, 'idOrder', out, out.length);
  }

  /** The `count` ids saved by save(); throws when the files do not hold them. */
  load(dir: string, count: number): void {
    this.bytes = FactRows.saved(WIDTH, dir, 'idBytes', count);
    this.kinds = FactColumn.saved(Uint8Array, dir, 'idKinds', count);
    this.nums = FactColumn.saved(Uint32Array, dir, 'idNums', count);
    this.sorted = FactColumn.saved(Uint32Array, dir, 'idOrder', count);
    this.saved = count;
    this.table = new Int32Array(1024).fill(-1);
  }

  /** The probe's order against the id in slot `s`. */
  private compareAt(s: number): number {
    const [buffer, at] = this.bytes.locate(s);
    return this.probe.compare(buffer, at, at + WIDTH);
  }

  private compare(a: number, b: number): number {
    const [x, xa] = this.bytes.locate(a);
    const [y, ya] = this.bytes.locate(b);
    return x.compare(y, ya, ya + WIDTH, xa, xa + WIDTH);
  }
}
