import { appendColumn, readColumn, writeColumn } from './columnFiles';

// The ids of a board's entries (ULIDs: 26 ASCII characters) in one buffer, with each one's kind and
// number, and their order for a binary search: a rebuild looks the few new ids up without making a
// million strings or a map of them.

const WIDTH = 26;

/** See the file comment. */
export class IdTable {
  count = 0;
  private bytes: Buffer = Buffer.alloc(0);
  private kinds: Uint8Array = new Uint8Array(0);
  private nums: Uint32Array = new Uint32Array(0);
  /** Slots in id order: those saved by the last build (the ones added since are in `fresh`). */
  private sorted: Uint32Array = new Uint32Array(0);
  private fresh = new Map<string, number>();
  private readonly probe = Buffer.alloc(WIDTH);

  /** Slot of `id`, or -1. */
  find(id: string): number {
    const slot = this.fresh.get(id);
    if (slot !== undefined) return slot;
    if (id.length !== WIDTH || this.sorted.length === 0) return -1;
    this.probe.write(id, 'latin1');
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.sorted[mid] * WIDTH;
      const order = this.bytes.compare(this.probe, 0, WIDTH, s, s + WIDTH);
      if (order === 0) return this.sorted[mid];
      if (order < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  /** Adds an id (not there yet) of `kind` whose number in its kind's columns is `num`; returns its slot. */
  add(id: string, kind: number, num: number): number {
    if (id.length !== WIDTH) throw new Error(`not a ULID: ${id}`);
    const slot = this.count++;
    if (slot >= this.kinds.length) {
      const size = Math.max(1024, this.kinds.length * 2);
      const bytes = Buffer.alloc(size * WIDTH);
      this.bytes.copy(bytes);
      this.bytes = bytes;
      const kinds = new Uint8Array(size);
      kinds.set(this.kinds);
      this.kinds = kinds;
      const nums = new Uint32Array(size);
      nums.set(this.nums);
      this.nums = nums;
    }
    this.bytes.write(id, slot * WIDTH, WIDTH, 'latin1');
    this.kinds[slot] = kind;
    this.nums[slot] = num;
    this.fresh.set(id, slot);
    return slot;
  }

  kindAt(slot: number): number {
    return this.kinds[slot];
  }

  numAt(slot: number): number {
    return this.nums[slot];
  }

  idAt(slot: number): string {
    return this.bytes.toString('latin1', slot * WIDTH, slot * WIDTH + WIDTH);
  }

  /** Appends the ids added since `saved` (how many there were at the last save) and rewrites the order. */
  save(dir: string, saved: number): void {
    if (this.fresh.size > 0) this.merge();
    appendColumn(dir, 'idBytes', this.bytes, saved * WIDTH, this.count * WIDTH);
    appendColumn(dir, 'idKinds', this.kinds, saved, this.count);
    appendColumn(dir, 'idNums', this.nums, saved, this.count);
    writeColumn(dir, 'idOrder', this.sorted, this.count);
  }

  /** Loads `count` ids saved by save(); throws when the files do not hold them. */
  load(dir: string, count: number, spare = 0): void {
    const bytes = readColumn(dir, 'idBytes', Uint8Array, count * WIDTH, spare * WIDTH);
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    this.kinds = readColumn(dir, 'idKinds', Uint8Array, count, spare);
    this.nums = readColumn(dir, 'idNums', Uint32Array, count, spare);
    this.sorted = readColumn(dir, 'idOrder', Uint32Array, count);
    this.count = count;
    this.fresh = new Map();
  }

  private merge(): void {
    // New ids nearly always come in order (ULIDs of appended lines): the sort is then one pass.
    const added = [...this.fresh].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, slot]) => slot);
    const out = new Uint32Array(this.sorted.length + added.length);
    let i = 0;
    let j = 0;
    let o = 0;
    const old = this.sorted;
    // All new ids after the old ones (the usual append): no comparisons but one.
    if (old.length > 0 && added.length > 0 && this.compare(old[old.length - 1], added[0]) < 0) {
      out.set(old);
      out.set(added, old.length);
    } else {
      while (i < old.length && j < added.length) out[o++] = this.compare(old[i], added[j]) <= 0 ? old[i++] : added[j++];
      while (i < old.length) out[o++] = old[i++];
      while (j < added.length) out[o++] = added[j++];
    }
    this.sorted = out;
    this.fresh = new Map();
  }

  private compare(a: number, b: number): number {
    return this.bytes.compare(this.bytes, b * WIDTH, b * WIDTH + WIDTH, a * WIDTH, a * WIDTH + WIDTH);
  }
}
