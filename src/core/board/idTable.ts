import { appendColumn, writeColumn } from './columnFiles';
import { FactColumn, FactRows } from './factColumn';

// The ids of a board's entries (ULIDs: 26 ASCII characters), each with its kind and number, and
// their order for a binary search. The ids saved by the last build stay in their files and are read
// a page at a time (factColumn.ts): a rebuild looks up the few new ids, and the binary search of
// ids later than any saved (the usual append) touches the same few pages each time.

const WIDTH = 26;

/** See the file comment. */
export class IdTable {
  private bytes = new FactRows(WIDTH);
  private kinds = new FactColumn(Uint8Array);
  private nums = new FactColumn(Uint32Array);
  /** Slots in id order: those saved by the last build (the ones added since are in `fresh`). */
  private sorted = new FactColumn(Uint32Array);
  private fresh = new Map<string, number>();
  private readonly probe = Buffer.alloc(WIDTH);

  get count(): number {
    return this.bytes.length;
  }

  /** Slot of `id`, or -1. */
  find(id: string): number {
    const slot = this.fresh.get(id);
    if (slot !== undefined) return slot;
    const n = this.sorted.length;
    if (id.length !== WIDTH || n === 0) return -1;
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
    this.fresh.set(id, slot);
    return slot;
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
    if (this.fresh.size === 0) {
      if (this.sorted.length === 0) writeColumn(dir, 'idOrder', new Uint32Array(0), 0);
      return;
    }
    // New ids nearly always come in order (ULIDs of appended lines), after every saved one: then
    // their order is appended. Otherwise the whole order is merged and written again.
    const added = Uint32Array.from([...this.fresh].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, slot]) => slot));
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
    this.fresh = new Map();
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
