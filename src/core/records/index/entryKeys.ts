import type { LogEntry } from '../changeRecord';
import { grownTo } from './typedGrowth';

/** Key kinds, each with its own posting map. */
export const KEY = { id: 0, sha: 1, ticket: 2, branch: 3, environment: 4, system: 5, supersedes: 6, carries: 7, origin: 8, rollsBack: 9 } as const;
export type KeyKind = keyof typeof KEY;
/** Entry kinds as stored in the table. */
export const KINDS = ['changetrail/change', 'changetrail/deployment', 'changetrail/incident'] as const;
export const UNKNOWN_KIND = 255;

/**
 * The keys of one entry as the index keeps them: its kind, createdAt in ms and (key kind, hash)
 * pairs. Reused line after line, so a million lines make no garbage.
 */
export class EntryKeys {
  kind = UNKNOWN_KIND;
  time = Number.NaN;
  count = 0;
  kinds = new Uint8Array(32);
  hashes = new Int32Array(32);

  reset(): void {
    this.kind = UNKNOWN_KIND;
    this.time = Number.NaN;
    this.count = 0;
  }

  push(kind: number, hash: number): void {
    if (this.count === this.kinds.length) {
      this.kinds = grownTo(this.kinds, this.count * 2, Uint8Array);
      this.hashes = grownTo(this.hashes, this.count * 2, Int32Array);
    }
    this.kinds[this.count] = kind;
    this.hashes[this.count++] = hash;
  }
}

/** The kind number of a schema name. */
export function kindOf(schema: string): number {
  const kind = KINDS.indexOf(schema as (typeof KINDS)[number]);
  return kind < 0 ? UNKNOWN_KIND : kind;
}

/** The hash a value of `kind` is posted under (the same whether it came from a line or a parsed entry). */
export function keyHash(kind: KeyKind, value: string): number {
  if (kind === 'sha') return shaKey(value);
  return hashString(kind === 'environment' || kind === 'system' ? foldName(value) : value);
}

/** The same keys from a parsed entry (lines not in the compact form, rescued records). */
export function keysOf(entry: LogEntry, into = new EntryKeys()): EntryKeys {
  into.reset();
  into.kind = kindOf(entry.schema);
  into.time = isoMs(entry.createdAt);
  const add = (kind: KeyKind, value: string) => into.push(KEY[kind], keyHash(kind, value));
  add('id', entry.id);
  add('environment', entry.environment);
  if (entry.schema === 'changetrail/change') {
    for (const c of entry.commits) add('sha', c.sha);
    for (const t of entry.tickets) add('ticket', t);
    if (entry.branch !== undefined) add('branch', entry.branch);
    for (const s of entry.systems) add('system', s.name);
    if (entry.supersedes !== undefined) add('supersedes', entry.supersedes);
    if (entry.origin !== undefined) add('origin', entry.origin);
  } else if (entry.schema === 'changetrail/deployment') {
    add('sha', entry.commit);
    for (const id of entry.records) add('carries', id);
    if (entry.rollsBack !== undefined) add('rollsBack', entry.rollsBack);
  } else {
    for (const s of entry.systems) add('system', s);
    if (entry.supersedes !== undefined) add('supersedes', entry.supersedes);
  }
  return into;
}

/** Environments and systems compare trimmed and case-insensitively. */
export function foldName(name: string): string {
  return name.trim().toLowerCase();
}

// 30 bits keep keys small integers in V8 (no boxed number per key); collisions only cost a parse.
export const HASH_MASK = 0x3fffffff;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, cut to 30 bits: enough to narrow; answers are confirmed on the entry. */
export function hashString(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h & HASH_MASK;
}

/**
 * hashString of text[a, b) read straight from a line (latin1, so one character per byte), or -1
 * when the value must be decoded first (an escape, a non-ASCII or control byte). With `fold`, as
 * hashString(foldName(value)).
 */
export function hashRange(text: string, a: number, b: number, fold: boolean): number {
  if (fold) {
    while (a < b && text.charCodeAt(a) === 0x20) a++;
    while (b > a && text.charCodeAt(b - 1) === 0x20) b--;
  }
  let h = FNV_OFFSET;
  for (let i = a; i < b; i++) {
    let c = text.charCodeAt(i);
    if (c === 0x5c || c > 0x7e || c < 0x20) return -1;
    if (fold && c >= 0x41 && c <= 0x5a) c += 32;
    h ^= c;
    h = Math.imul(h, FNV_PRIME);
  }
  return h & HASH_MASK;
}

// Records may hold abbreviated shas (7+ hex digits), so a sha is found by its first seven.
function shaKey(sha: string): number {
  const head = sha.length >= 7 ? hexHead(sha, 0) : -1;
  return head >= 0 ? head : hashString(sha);
}

/** shaKey of text[a, b), or -1 when the value must be decoded first. */
export function shaRange(text: string, a: number, b: number): number {
  const head = b - a >= 7 ? hexHead(text, a) : -1;
  return head >= 0 ? head : hashRange(text, a, b, false);
}

// The seven hex digits at `at` as a number (case-insensitive), or -1.
function hexHead(text: string, at: number): number {
  let v = 0;
  for (let i = at; i < at + 7; i++) {
    const c = text.charCodeAt(i) | 0x20;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v & HASH_MASK;
}

/** createdAt in ms; the canonical toISOString form is read by hand (Date.parse is the slow part of a build). NaN when unreadable. */
export function isoMs(iso: string): number {
  return iso.length === 24 ? isoRange(iso, 0) : Date.parse(iso);
}

/** A time as entries are ordered by it: an unreadable one (NaN) sorts as the oldest. */
export function orderableTime(time: number): number {
  return Number.isNaN(time) ? -Infinity : time;
}

/** isoMs of the 24 characters at `at` when they are canonical, else Date.parse of them. */
export function isoRange(text: string, at: number): number {
  const d = (from: number, n: number) => {
    let v = 0;
    for (let i = at + from; i < at + from + n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return Number.NaN;
      v = v * 10 + c;
    }
    return v;
  };
  if (text.charCodeAt(at + 23) === 0x5a && text.charCodeAt(at + 19) === 0x2e && text.charCodeAt(at + 10) === 0x54) {
    const year = d(0, 4);
    const month = d(5, 2);
    const day = d(8, 2);
    const hour = d(11, 2);
    const minute = d(14, 2);
    const second = d(17, 2);
    const ms = d(20, 3);
    // Out-of-range fields (and years Date.UTC would read as 19xx) mean something odd; Date.parse decides, as everywhere else.
    if (year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour < 24 && minute < 60 && second < 60 && ms >= 0) {
      return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return Date.parse(text.slice(at, at + 24));
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Orders two log times as the instants they name (oldest first; unreadable first), not as text: "…T10:00:00+01:00" is before "…T09:30:00.000Z". */
export function compareInstants(a: string, b: string): number {
  const x = orderableTime(isoMs(a));
  const y = orderableTime(isoMs(b));
  return x === y ? 0 : x < y ? -1 : 1;
}
