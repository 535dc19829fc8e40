import { type EntryKeys, KEY, type KeyKind, kindOf, keyHash } from './entryKeys';

/** Entry numbers that share a key: one number, or several in file order. */
type Posting = number | number[];

/**
 * What the index holds per entry, in columns (no parsed entries and no strings, so a million
 * entries cost tens of megabytes): where its bytes are, its line, kind and time, and for each
 * key a 30-bit hash pointing at the entries that have it. A hash narrows; the caller confirms
 * on the parsed entry, so collisions cost a parse, never a wrong answer.
 */
export class EntryTable {
  count = 0;
  offsets = new Float64Array(1024);
  lengths = new Uint32Array(1024);
  lines = new Uint32Array(1024);
  kinds = new Uint8Array(1024);
  times = new Float64Array(1024);
  private readonly postings: Map<number, Posting>[] = Object.keys(KEY).map(() => new Map());

  /** Adds an entry whose bytes are [offset, offset + length) on line `line`; returns its number. */
  add(keys: EntryKeys, offset: number, length: number, line: number): number {
    if (this.count === this.offsets.length) this.grow();
    const n = this.count++;
    this.offsets[n] = offset;
    this.lengths[n] = length;
    this.lines[n] = line;
    this.kinds[n] = keys.kind;
    this.times[n] = keys.time;
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

  /** Entry numbers that may have this key, in file order. */
  lookup(kind: KeyKind, value: string): readonly number[] {
    const found = this.postings[KEY[kind]].get(keyHash(kind, value));
    return found === undefined ? [] : typeof found === 'number' ? [found] : found;
  }

  /** The kind number of a schema name (for comparing with `kinds`). */
  kindOf(schema: string): number {
    return kindOf(schema);
  }

  private grow(): void {
    const size = this.offsets.length * 2;
    const grown = <T extends Float64Array | Uint32Array | Uint8Array>(old: T, make: new (n: number) => T): T => {
      const next = new make(size);
      next.set(old);
      return next;
    };
    this.offsets = grown(this.offsets, Float64Array);
    this.lengths = grown(this.lengths, Uint32Array);
    this.lines = grown(this.lines, Uint32Array);
    this.kinds = grown(this.kinds, Uint8Array);
    this.times = grown(this.times, Float64Array);
  }
}
