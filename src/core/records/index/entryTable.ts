import { type EntryKeys, KEY, type KeyKind, kindOf, keyHash } from './entryKeys';
import { firstAtLeast } from './firstAtLeast';
import { type FrozenPostings, type Posting, PairList, concatenated, freeze, frozenLookup, wellFormed } from './postingLists';
import { grownTo } from './typedGrowth';

export type { FrozenPostings } from './postingLists';

/** What lookup gives: entry numbers in file order (ascending), a list or a view into a loaded table. */
export type EntryList = readonly number[] | Uint32Array<ArrayBufferLike>;

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
  // Entry numbers per kind (incidents, deployments), found by one pass over `kinds` when first asked
  // and kept up as the table grows: a question about the few incidents of a million entries
  // looked at every entry's kind.
  private byKind: { list: Uint32Array; size: number }[] = [];
  private kindsSeen = 0;

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

  /** The latest time of entries 0 to n (unreadable times left out; -Infinity when none). */
  latestUpToEntry(n: number): number {
    return this.latestUpTo[n];
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

  /** The entries of this kind (a kind number), in file order. */
  entriesOfKind(kind: number): Uint32Array {
    for (let n = this.kindsSeen; n < this.count; n++) {
      const of = (this.byKind[this.kinds[n]] ??= { list: new Uint32Array(64), size: 0 });
      if (of.size === of.list.length) of.list = grownTo(of.list, of.size * 2, Uint32Array);
      of.list[of.size++] = n;
    }
    this.kindsSeen = this.count;
    const of = this.byKind[kind];
    return of ? of.list.subarray(0, of.size) : new Uint32Array(0);
  }

  /** The kind number of a schema name (for comparing with `kinds`). */
  kindOf(schema: string): number {
    return kindOf(schema);
  }

  private grow(): void {
    const size = Math.max(1024, this.offsets.length * 2);
    this.offsets = grownTo(this.offsets, size, Float64Array);
    this.lengths = grownTo(this.lengths, size, Uint32Array);
    this.lines = grownTo(this.lines, size, Uint32Array);
    this.kinds = grownTo(this.kinds, size, Uint8Array);
    this.times = grownTo(this.times, size, Float64Array);
    this.latestUpTo = grownTo(this.latestUpTo, size, Float64Array);
    this.earliestFrom = grownTo(this.earliestFrom, size, Float64Array);
  }

}

/** A loaded table's posting lists of a kind turned out malformed: the caller drops the table and indexes the log afresh. */
export class DamagedIndexError extends Error {
  constructor(kind: string, message = `the saved index's ${kind} lists are damaged`) {
    super(message);
  }
}

/**
 * An indexed entry's bytes no longer hold the line that was indexed there: the log was rewritten
 * in place or to the same size (lines reordered by a rebase, a checkout of a branch whose merges
 * put the same records in another order, an editor's sort). The caller indexes afresh.
 */
export class LogRewrittenError extends DamagedIndexError {
  constructor(line: number) {
    super('entries', `line ${line} no longer holds the entry indexed there (the log was rewritten since)`);
  }
}
