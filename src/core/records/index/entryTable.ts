import { firstAtLeast } from './firstAtLeast';
import { type EntryKeys, KEY, type KeyKind, kindOf, keyHash } from './entryKeys';

/** Entry numbers that share a key: one number, or several in file order. */
type Posting = number | number[];

/** What lookup gives: entry numbers in file order (ascending), a list or a view into a loaded table. */
export type EntryList = readonly number[] | Uint32Array<ArrayBufferLike>;

/**
 * One key kind's postings as a persisted table keeps them (see indexSidecar.ts): the distinct
 * hashes in ascending order, and for hash i its entries in file order at entries[starts[i], starts[i + 1]).
 */
export interface FrozenPostings {
  readonly hashes: Int32Array;
  readonly starts: Uint32Array;
  readonly entries: Uint32Array;
}

/** The columns of a table, as saved and loaded (arrays exactly `count` long). */
export interface TableColumns {
  readonly count: number;
  readonly offsets: Float64Array;
  readonly lengths: Uint32Array;
  readonly lines: Uint32Array;
  readonly kinds: Uint8Array;
  readonly times: Float64Array;
  /** One per key kind, in the order of KEY. */
  readonly postings: readonly FrozenPostings[];
}

/**
 * What the index holds per entry, in columns (no parsed entries and no strings, so a million
 * entries cost tens of megabytes): where its bytes are, its line, kind and time, and for each
 * key a 30-bit hash pointing at the entries that have it. A hash narrows; the caller confirms
 * on the parsed entry, so collisions cost a parse, never a wrong answer.
 */
export class EntryTable {
  count = 0;
  // Views into a loaded sidecar's buffer, or arrays of their own once grown.
  offsets: Float64Array<ArrayBufferLike> = new Float64Array(1024);
  lengths: Uint32Array<ArrayBufferLike> = new Uint32Array(1024);
  lines: Uint32Array<ArrayBufferLike> = new Uint32Array(1024);
  kinds: Uint8Array<ArrayBufferLike> = new Uint8Array(1024);
  times: Float64Array<ArrayBufferLike> = new Float64Array(1024);
  // The latest time up to each entry and the earliest from it on (NaN times left out): both only
  // grow with the entry number, so a time range is two binary searches even in a log whose lines
  // are not quite in time order (two clones' records merged).
  private latestUpTo: Float64Array<ArrayBufferLike> = new Float64Array(1024);
  private earliestFrom: Float64Array<ArrayBufferLike> = new Float64Array(1024);
  private readonly postings: Map<number, Posting>[] = Object.keys(KEY).map(() => new Map());
  // Postings loaded from a sidecar: every entry in them comes before any entry in `postings`.
  private frozen: readonly FrozenPostings[] | undefined;
  private frozenCount = 0;
  private readonly checked: boolean[] = [];
  // While a big read is indexed (bulk()): each kind's (hash, entry) pairs, sorted into frozen
  // postings by seal(). A Map of a million keys cost more than half of a first build.
  private pairs: PairList[] | undefined;

  /** A table holding what `columns` holds (loaded from a sidecar); entries added later go on after them. */
  static from(columns: TableColumns): EntryTable {
    const table = new EntryTable();
    table.count = columns.count;
    table.offsets = columns.offsets;
    table.lengths = columns.lengths;
    table.lines = columns.lines;
    table.kinds = columns.kinds;
    table.times = columns.times;
    table.frozen = columns.postings;
    table.frozenCount = columns.count;
    const { count, times } = columns;
    const latestUpTo = (table.latestUpTo = new Float64Array(count));
    const earliestFrom = (table.earliestFrom = new Float64Array(count));
    // As bound() would make them entry by entry, in two passes (NaN compares false: left out).
    let latest = -Infinity;
    for (let n = 0; n < count; n++) latestUpTo[n] = latest = times[n] > latest ? times[n] : latest;
    let earliest = Infinity;
    for (let n = count - 1; n >= 0; n--) earliestFrom[n] = earliest = times[n] < earliest ? times[n] : earliest;
    return table;
  }

  /** What the table holds, in the form a sidecar saves: columns cut to `count`, each kind's postings sorted by hash. */
  columns(): TableColumns {
    const n = this.count;
    return {
      count: n,
      offsets: this.offsets.subarray(0, n),
      lengths: this.lengths.subarray(0, n),
      lines: this.lines.subarray(0, n),
      kinds: this.kinds.subarray(0, n),
      times: this.times.subarray(0, n),
      postings: this.postings.map((map, k) => freeze(this.frozen?.[k], map)),
    };
  }

  /** Adds an entry whose bytes are [offset, offset + length) on line `line`; returns its number. */
  add(keys: EntryKeys, offset: number, length: number, line: number): number {
    if (this.count === this.offsets.length) this.grow();
    const n = this.count++;
    this.offsets[n] = offset;
    this.lengths[n] = length;
    this.lines[n] = line;
    this.kinds[n] = keys.kind;
    this.times[n] = keys.time;
    this.bound(n, keys.time);
    const { pairs } = this;
    if (pairs) {
      for (let i = 0; i < keys.count; i++) pairs[keys.kinds[i]].push(keys.hashes[i], n);
      return n;
    }
    const { postings } = this;
    for (let i = 0; i < keys.count; i++) {
      const map = postings[keys.kinds[i]];
      const key = keys.hashes[i];
      const found = map.get(key);
      if (found === undefined) map.set(key, n);
      else if (typeof found === 'number') {
        if (found !== n) map.set(key, [found, n]);
      } else if (found[found.length - 1] !== n) found.push(n);
    }
    return n;
  }

  /**
   * Entries added from now until seal() keep their keys as pairs, sorted once at the end: for a
   * first build or a big append. No lookup may come in between (the index's reads are queued).
   */
  bulk(): void {
    this.pairs ??= Object.keys(KEY).map(() => new PairList());
  }

  /** Sorts the pairs bulk() kept into postings; lookups see every entry again. */
  seal(): void {
    const { pairs } = this;
    if (!pairs) return;
    this.pairs = undefined;
    this.frozen = pairs.map((list, k) => {
      // Earlier entries (a loaded sidecar's, or added one by one) come before every bulk one.
      const before = this.postings[k].size > 0 || this.frozen?.[k] ? freeze(this.frozen?.[k], this.postings[k]) : undefined;
      this.postings[k].clear();
      const sorted = list.sorted();
      return before ? concatenated(before, sorted) : sorted;
    });
    this.frozenCount = this.count;
    // Built here, not loaded: nothing to check before the first lookup.
    for (let k = 0; k < pairs.length; k++) this.checked[k] = true;
  }

  /** Entry numbers [from, to) outside which no entry's time lies in [since, until). */
  entryRange(since: number | undefined, until: number | undefined): [number, number] {
    return [since === undefined ? 0 : firstAtLeast(this.latestUpTo, since, this.count), until === undefined ? this.count : firstAtLeast(this.earliestFrom, until, this.count)];
  }

  // Keeps latestUpTo and earliestFrom for entry n of time t; a time older than those before it walks back only as far as they are later.
  private bound(n: number, t: number): void {
    const known = !Number.isNaN(t);
    this.latestUpTo[n] = Math.max(n > 0 ? this.latestUpTo[n - 1] : -Infinity, known ? t : -Infinity);
    this.earliestFrom[n] = known ? t : Infinity;
    if (known) for (let k = n - 1; k >= 0 && this.earliestFrom[k] > t; k--) this.earliestFrom[k] = t;
  }

  /** Entry numbers that may have this key, in file order. */
  lookup(kind: KeyKind, value: string): EntryList {
    const hash = keyHash(kind, value);
    const found = this.postings[KEY[kind]].get(hash);
    const fresh = found === undefined ? [] : typeof found === 'number' ? [found] : found;
    const k = KEY[kind];
    const frozen = this.frozen?.[k];
    if (frozen && !this.checked[k]) {
      if (!wellFormed(frozen, this.frozenCount)) throw new DamagedIndexError(kind);
      this.checked[k] = true;
    }
    const old = frozen ? frozenLookup(frozen, hash) : undefined;
    if (!old || old.length === 0) return fresh;
    return fresh.length === 0 ? old : [...old, ...fresh];
  }

  /** The kind number of a schema name (for comparing with `kinds`). */
  kindOf(schema: string): number {
    return kindOf(schema);
  }

  private grow(): void {
    const size = Math.max(1024, this.offsets.length * 2);
    const grown = <T extends Float64Array<ArrayBufferLike> | Uint32Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike>>(old: T, make: new (n: number) => T): T => {
      const next = new make(size);
      next.set(old);
      return next;
    };
    this.offsets = grown(this.offsets, Float64Array);
    this.lengths = grown(this.lengths, Uint32Array);
    this.lines = grown(this.lines, Uint32Array);
    this.kinds = grown(this.kinds, Uint8Array);
    this.times = grown(this.times, Float64Array);
    this.latestUpTo = grown(this.latestUpTo, Float64Array);
    this.earliestFrom = grown(this.earliestFrom, Float64Array);
  }
}

/** A loaded table's posting lists of a kind turned out malformed: the caller drops the table and indexes the log afresh. */
export class DamagedIndexError extends Error {
  constructor(kind: string) {
    super(`the saved index's ${kind} lists are damaged`);
  }
}

// Hashes ascending, each list non-empty, ascending and within the table: what lookup relies on.
function wellFormed({ hashes, starts, entries }: FrozenPostings, count: number): boolean {
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
function frozenLookup(frozen: FrozenPostings, hash: number): Uint32Array<ArrayBufferLike> | undefined {
  const { hashes, starts, entries } = frozen;
  const lo = firstAtLeast(hashes, hash);
  return lo < hashes.length && hashes[lo] === hash ? entries.subarray(starts[lo], starts[lo + 1]) : undefined;
}

const PLACES = 2 ** 22;

// One kind's postings, frozen ones (all earlier entries) and the map's, merged into the sorted form.
function freeze(frozen: FrozenPostings | undefined, map: Map<number, Posting>): FrozenPostings {
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
class PairList {
  hashes = new Int32Array(1024);
  entries = new Uint32Array(1024);
  count = 0;

  push(hash: number, entry: number): void {
    if (this.count === this.hashes.length) {
      const hashes = new Int32Array(this.count * 2);
      const entries = new Uint32Array(this.count * 2);
      hashes.set(this.hashes);
      entries.set(this.entries);
      this.hashes = hashes;
      this.entries = entries;
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
function concatenated(a: FrozenPostings, b: FrozenPostings): FrozenPostings {
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
