import { firstAtLeast } from './firstAtLeast';
import { grownTo } from './typedGrowth';

/** Entry numbers that share a key: one number, or several in file order. */
export type Posting = number | number[];

/**
 * One key kind's postings as a persisted table keeps them (see indexSidecar.ts): the distinct
 * hashes in ascending order, and for hash i its entries in file order at entries[starts[i], starts[i + 1]).
 */
export interface FrozenPostings {
  readonly hashes: Int32Array;
  readonly starts: Uint32Array;
  readonly entries: Uint32Array;
}

// Hashes ascending, each list non-empty, ascending and within the table: what lookup relies on.
export function wellFormed({ hashes, starts, entries }: FrozenPostings, count: number): boolean {
  if (starts.length !== hashes.length + 1 || starts[0] !== 0 || starts[hashes.length] !== entries.length) return false;
  for (let h = 0; h < hashes.length; h++) {
    const end = starts[h + 1];
    if (end <= starts[h] || (h > 0 && hashes[h] <= hashes[h - 1])) return false;
    let last = -1;
    for (let i = starts[h]; i < end; i++) {
      const e = entries[i];
      if (e <= last || e >= count) return false;
      last = e;
    }
  }
  return true;
}

// The entries of `hash` in a frozen posting list (a binary search), or undefined.
export function frozenLookup(frozen: FrozenPostings, hash: number): Uint32Array<ArrayBufferLike> | undefined {
  const { hashes, starts, entries } = frozen;
  const lo = firstAtLeast(hashes, hash);
  return lo < hashes.length && hashes[lo] === hash ? entries.subarray(starts[lo], starts[lo + 1]) : undefined;
}

const PLACES = 2 ** 22;

// One kind's postings, frozen ones (all earlier entries) and the map's, merged into the sorted form.
export function freeze(frozen: FrozenPostings | undefined, map: Map<number, Posting>): FrozenPostings {
  // The map's keys sorted with their postings alongside: each key packed with its place (30-bit
  // hash times 2^22 plus a place below 2^22 stays an exact double), so one native sort orders
  // both and no key is looked up again. A map of more keys than that sorts the keys alone.
  const packed = map.size < PLACES;
  const order = new Float64Array(map.size);
  const postings: Posting[] = packed ? new Array(map.size) : [];
  let k = 0;
  let total = frozen?.entries.length ?? 0;
  map.forEach((p, hash) => {
    order[k] = packed ? hash * PLACES + k : hash;
    if (packed) postings[k] = p;
    k++;
    total += typeof p === 'number' ? 1 : p.length;
  });
  order.sort();
  const fresh = Int32Array.from(order, (v) => (packed ? Math.floor(v / PLACES) : v));
  const postingAt = (j: number): Posting => (packed ? postings[order[j] % PLACES] : (map.get(fresh[j]) as Posting));
  const old = frozen?.hashes ?? new Int32Array(0);
  const hashes = new Int32Array(old.length + fresh.length);
  const starts = new Uint32Array(old.length + fresh.length + 1);
  const entries = new Uint32Array(total);
  let h = 0;
  let e = 0;
  let i = 0;
  let j = 0;
  while (i < old.length || j < fresh.length) {
    const a = i < old.length ? old[i] : Infinity;
    const b = j < fresh.length ? fresh[j] : Infinity;
    const hash = Math.min(a, b);
    hashes[h] = hash;
    starts[h++] = e;
    if (a === hash && frozen) {
      entries.set(frozen.entries.subarray(frozen.starts[i], frozen.starts[i + 1]), e);
      e += frozen.starts[i + 1] - frozen.starts[i];
      i++;
    }
    if (b === hash) {
      const p = postingAt(j);
      if (typeof p === 'number') entries[e++] = p;
      else {
        entries.set(p, e);
        e += p.length;
      }
      j++;
    }
  }
  starts[h] = e;
  return { hashes: hashes.subarray(0, h), starts: starts.subarray(0, h + 1), entries };
}

/** (hash, entry) pairs in the order added, growing as needed. */
export class PairList {
  hashes = new Int32Array(1024);
  entries = new Uint32Array(1024);
  count = 0;

  push(hash: number, entry: number): void {
    if (this.count === this.hashes.length) {
      this.hashes = grownTo(this.hashes, this.count * 2, Int32Array);
      this.entries = grownTo(this.entries, this.count * 2, Uint32Array);
    }
    this.hashes[this.count] = hash;
    this.entries[this.count++] = entry;
  }

  /**
   * The pairs as postings: a stable radix sort on the 30-bit hash (two passes of 15 bits), so
   * each hash's entries stay in the order added (ascending); an entry named twice under one key is kept once.
   */
  sorted(): FrozenPostings {
    const n = this.count;
    let hs = this.hashes;
    let es = this.entries;
    let ht = new Int32Array(n);
    let et = new Uint32Array(n);
    const counts = new Uint32Array(1 << 15);
    for (const shift of [0, 15]) {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[(hs[i] >>> shift) & 0x7fff]++;
      let at = 0;
      for (let b = 0; b < counts.length; b++) {
        const c = counts[b];
        counts[b] = at;
        at += c;
      }
      for (let i = 0; i < n; i++) {
        const to = counts[(hs[i] >>> shift) & 0x7fff]++;
        ht[to] = hs[i];
        et[to] = es[i];
      }
      [hs, ht] = [ht, hs];
      [es, et] = [et, es];
    }
    const hashes = new Int32Array(n);
    const starts = new Uint32Array(n + 1);
    const entries = new Uint32Array(n);
    let h = -1;
    let e = 0;
    for (let i = 0; i < n; i++) {
      if (h >= 0 && hs[i] === hashes[h]) {
        if (es[i] !== entries[e - 1]) entries[e++] = es[i];
        continue;
      }
      hashes[++h] = hs[i];
      starts[h] = e;
      entries[e++] = es[i];
    }
    starts[h + 1] = e;
    this.hashes = new Int32Array(0);
    this.entries = new Uint32Array(0);
    this.count = 0;
    return { hashes: hashes.slice(0, h + 1), starts: starts.slice(0, h + 2), entries: entries.slice(0, e) };
  }
}

// Postings of `a` then `b`, where every entry of `b` comes after every entry of `a`.
export function concatenated(a: FrozenPostings, b: FrozenPostings): FrozenPostings {
  const hashes = new Int32Array(a.hashes.length + b.hashes.length);
  const starts = new Uint32Array(hashes.length + 1);
  const entries = new Uint32Array(a.entries.length + b.entries.length);
  let h = 0;
  let e = 0;
  let i = 0;
  let j = 0;
  const copy = (from: FrozenPostings, k: number) => {
    entries.set(from.entries.subarray(from.starts[k], from.starts[k + 1]), e);
    e += from.starts[k + 1] - from.starts[k];
  };
  while (i < a.hashes.length || j < b.hashes.length) {
    const x = i < a.hashes.length ? a.hashes[i] : Infinity;
    const y = j < b.hashes.length ? b.hashes[j] : Infinity;
    const hash = Math.min(x, y);
    hashes[h] = hash;
    starts[h++] = e;
    if (x === hash) copy(a, i++);
    if (y === hash) copy(b, j++);
  }
  starts[h] = e;
  return { hashes: hashes.subarray(0, h), starts: starts.subarray(0, h + 1), entries };
}
