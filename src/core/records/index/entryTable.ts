import type { EntryKeys } from './lineSkimmer';

/** Entry kinds as stored in the table. */
export const KINDS = ['changetrail/change', 'changetrail/deployment', 'changetrail/incident'] as const;
const UNKNOWN_KIND = 255;

/** Entry numbers that share a key: one number, or several in file order. */
type Posting = number | number[];

/** Which posting map a key goes to; each has its own hash space. */
export type KeyKind = 'id' | 'sha' | 'ticket' | 'branch' | 'environment' | 'system' | 'supersedes' | 'carries';

/**
 * What the index holds per entry, in columns (no parsed entries and no strings, so a million
 * entries cost tens of megabytes): where its bytes are, its line, kind and time, and for each
 * key a 32-bit hash pointing at the entries that have it. A hash narrows; the caller confirms
 * on the parsed entry, so collisions cost a parse, never a wrong answer.
 */
export class EntryTable {
  count = 0;
  offsets = new Float64Array(1024);
  lengths = new Uint32Array(1024);
  lines = new Uint32Array(1024);
  kinds = new Uint8Array(1024);
  times = new Float64Array(1024);
  private readonly postings: Record<KeyKind, Map<number, Posting>> = {
    id: new Map(),
    sha: new Map(),
    ticket: new Map(),
    branch: new Map(),
    environment: new Map(),
    system: new Map(),
    supersedes: new Map(),
    carries: new Map(),
  };

  /** Adds an entry whose bytes are [offset, offset + length) on line `line`; returns its number. */
  add(keys: EntryKeys, offset: number, length: number, line: number): number {
    if (this.count === this.offsets.length) this.grow();
    const n = this.count++;
    this.offsets[n] = offset;
    this.lengths[n] = length;
    this.lines[n] = line;
    const kind = KINDS.indexOf(keys.schema as (typeof KINDS)[number]);
    this.kinds[n] = kind < 0 ? UNKNOWN_KIND : kind;
    this.times[n] = isoMs(keys.createdAt);
    const { postings: p } = this;
    post(p.id, hashString(keys.id), n);
    for (const sha of keys.shas) post(p.sha, shaKey(sha), n);
    for (const ticket of keys.tickets) post(p.ticket, hashString(ticket), n);
    if (keys.branch !== undefined) post(p.branch, hashString(keys.branch), n);
    if (keys.environment !== undefined) post(p.environment, hashString(foldName(keys.environment)), n);
    for (const system of keys.systems) post(p.system, hashString(foldName(system)), n);
    if (keys.supersedes !== undefined) post(p.supersedes, hashString(keys.supersedes), n);
    for (const id of keys.carries) post(p.carries, hashString(id), n);
    return n;
  }

  /** Entry numbers that may have this key (file order), or undefined when none does. */
  lookup(kind: KeyKind, value: string): readonly number[] {
    const key = kind === 'sha' ? shaKey(value) : hashString(kind === 'environment' || kind === 'system' ? foldName(value) : value);
    const found = this.postings[kind].get(key);
    return found === undefined ? [] : typeof found === 'number' ? [found] : found;
  }

  /** The kind number of a schema name (for comparing with `kinds`). */
  kindOf(schema: string): number {
    const kind = KINDS.indexOf(schema as (typeof KINDS)[number]);
    return kind < 0 ? UNKNOWN_KIND : kind;
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

function post(map: Map<number, Posting>, key: number, n: number): void {
  const found = map.get(key);
  if (found === undefined) map.set(key, n);
  else if (typeof found === 'number') {
    if (found !== n) map.set(key, [found, n]);
  } else if (found[found.length - 1] !== n) found.push(n);
}

/** Environments and systems compare trimmed and case-insensitively. */
export function foldName(name: string): string {
  return name.trim().toLowerCase();
}

// Records may hold abbreviated shas (7+ hex digits), so a sha is found by its first seven.
function shaKey(sha: string): number {
  const head = sha.slice(0, 7).toLowerCase();
  return /^[0-9a-f]{7}$/.test(head) ? Number.parseInt(head, 16) & HASH_MASK : hashString(sha);
}

// 30 bits keep keys small integers in V8 (no boxed number per key); collisions only cost a parse.
const HASH_MASK = 0x3fffffff;

/** FNV-1a over UTF-16 code units, cut to 30 bits: enough to narrow; answers are confirmed on the entry. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & HASH_MASK;
}

/** createdAt in ms; the canonical toISOString form is read by hand (Date.parse is the slow part of a build). NaN when unreadable. */
export function isoMs(iso: string): number {
  if (iso.length === 24 && iso.charCodeAt(23) === 0x5a && iso.charCodeAt(19) === 0x2e && iso.charCodeAt(10) === 0x54) {
    const d = (at: number, n: number) => {
      let v = 0;
      for (let i = at; i < at + n; i++) {
        const c = iso.charCodeAt(i) - 48;
        if (c < 0 || c > 9) return Number.NaN;
        v = v * 10 + c;
      }
      return v;
    };
    const year = d(0, 4);
    const month = d(5, 2);
    const day = d(8, 2);
    const hour = d(11, 2);
    const minute = d(14, 2);
    const second = d(17, 2);
    // Out-of-range fields (and years Date.UTC would read as 19xx) mean something odd; Date.parse decides, as everywhere else.
    if (year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour < 24 && minute < 60 && second < 60) {
      const ms = d(20, 3);
      if (ms >= 0) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(iso);
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}
