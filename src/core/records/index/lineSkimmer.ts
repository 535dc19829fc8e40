import type { LogEntry } from '../changeRecord';

/** What the index keeps of an entry: the keys it is found by, read from the line without parsing it. */
export interface EntryKeys {
  schema: string;
  id: string;
  createdAt: string;
  /** Change records' commit shas; a deployment's commit. */
  shas: string[];
  tickets: string[];
  branch: string | undefined;
  environment: string | undefined;
  /** Change records' system names, incidents' systems. */
  systems: string[];
  supersedes: string | undefined;
  /** A deployment's change record ids. */
  carries: string[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

// Where the value just read ends; a module variable saves a tuple per value on a million lines.
let pos = 0;

/**
 * The keys of a line in the compact JSON that serializeEntry (JSON.stringify) writes, read from
 * `text` (the block decoded as latin1, so offsets are byte offsets) between `start` and `end`.
 * Strings are jumped over with indexOf, never parsed; only key values are decoded. Undefined when
 * the line is not one compact JSON object with a schema and an id: the caller then parses it.
 */
export function skimKeys(text: string, start: number, end: number): EntryKeys | undefined {
  if (text.charCodeAt(start) !== LBRACE || text.charCodeAt(end - 1) !== RBRACE) return undefined;
  const keys: EntryKeys = { schema: '', id: '', createdAt: '', shas: [], tickets: [], branch: undefined, environment: undefined, systems: [], supersedes: undefined, carries: [] };
  let p = start + 1;
  for (;;) {
    if (text.charCodeAt(p) !== QUOTE) return undefined;
    const keyEnd = text.indexOf('"', p + 1);
    if (keyEnd < 0 || keyEnd >= end || text.charCodeAt(keyEnd + 1) !== COLON) return undefined;
    const key = text.slice(p + 1, keyEnd);
    const at = keyEnd + 2;
    let value: string | undefined;
    switch (key) {
      case 'schema':
        value = readString(text, at, end);
        if (value === undefined) return undefined;
        keys.schema = value;
        break;
      case 'id':
        value = readString(text, at, end);
        if (value === undefined) return undefined;
        keys.id = value;
        break;
      case 'createdAt':
        value = readString(text, at, end);
        if (value === undefined) return undefined;
        keys.createdAt = value;
        break;
      case 'supersedes':
        keys.supersedes = readString(text, at, end);
        if (keys.supersedes === undefined) return undefined;
        break;
      case 'branch':
        keys.branch = readString(text, at, end);
        if (keys.branch === undefined) return undefined;
        break;
      case 'environment':
        keys.environment = readString(text, at, end);
        if (keys.environment === undefined) return undefined;
        break;
      case 'commit':
        value = readString(text, at, end);
        if (value === undefined) return undefined;
        keys.shas.push(value);
        break;
      case 'tickets':
        if (!readArray(text, at, end, keys.tickets, undefined)) return undefined;
        break;
      case 'systems':
        if (!readArray(text, at, end, keys.systems, 'name')) return undefined;
        break;
      case 'commits':
        if (!readArray(text, at, end, keys.shas, 'sha')) return undefined;
        break;
      case 'records':
        if (!readArray(text, at, end, keys.carries, undefined)) return undefined;
        break;
      default:
        if (!skipValue(text, at, end)) return undefined;
    }
    p = pos;
    const c = text.charCodeAt(p);
    if (c === COMMA) p++;
    else if (c === RBRACE && p === end - 1) break;
    else return undefined;
  }
  return keys.schema !== '' && keys.id !== '' ? keys : undefined;
}

/** The same keys from a parsed entry (lines not in the compact form, rescued records). */
export function keysOf(entry: LogEntry): EntryKeys {
  const keys: EntryKeys = { schema: entry.schema, id: entry.id, createdAt: entry.createdAt, shas: [], tickets: [], branch: undefined, environment: entry.environment, systems: [], supersedes: undefined, carries: [] };
  if (entry.schema === 'changetrail/change') {
    keys.shas = entry.commits.map((c) => c.sha);
    keys.tickets = [...entry.tickets];
    keys.branch = entry.branch;
    keys.systems = entry.systems.map((s) => s.name);
    keys.supersedes = entry.supersedes;
  } else if (entry.schema === 'changetrail/deployment') {
    keys.shas = [entry.commit];
    keys.carries = [...entry.records];
  } else {
    keys.systems = [...entry.systems];
    keys.supersedes = entry.supersedes;
  }
  return keys;
}

// A JSON string at `at`; sets pos after its closing quote. Escapes and non-ASCII bytes (the text
// is latin1, the file UTF-8) are decoded properly, the rest is a plain slice.
function readString(text: string, at: number, end: number): string | undefined {
  if (text.charCodeAt(at) !== QUOTE) return undefined;
  const close = stringEnd(text, at, end);
  if (close < 0) return undefined;
  pos = close + 1;
  let value = text.slice(at + 1, close);
  if (value.includes('\\')) {
    try {
      value = JSON.parse(text.slice(at, close + 1)) as string;
    } catch {
      return undefined;
    }
  }
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

// Index of the quote closing the string that opens at `at`, or -1.
function stringEnd(text: string, at: number, end: number): number {
  let q = text.indexOf('"', at + 1);
  while (q >= 0 && q < end) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return -1;
}

// An array whose elements are strings (kept in `into`) or objects (whose `field` string is kept).
function readArray(text: string, at: number, end: number, into: string[], field: string | undefined): boolean {
  if (text.charCodeAt(at) !== LBRACKET) return false;
  let p = at + 1;
  if (text.charCodeAt(p) === RBRACKET) {
    pos = p + 1;
    return true;
  }
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === QUOTE) {
      const value = readString(text, p, end);
      if (value === undefined) return false;
      into.push(value);
    } else if (c === LBRACE && field !== undefined) {
      if (!readObjectField(text, p, end, field, into)) return false;
    } else if (!skipValue(text, p, end)) return false;
    p = pos;
    const next = text.charCodeAt(p);
    if (next === COMMA) p++;
    else if (next === RBRACKET) {
      pos = p + 1;
      return true;
    } else return false;
  }
}

// An object's members, keeping the string value of `field`.
function readObjectField(text: string, at: number, end: number, field: string, into: string[]): boolean {
  let p = at + 1;
  if (text.charCodeAt(p) === RBRACE) {
    pos = p + 1;
    return true;
  }
  for (;;) {
    if (text.charCodeAt(p) !== QUOTE) return false;
    const keyEnd = stringEnd(text, p, end);
    if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== COLON) return false;
    const isField = keyEnd - p - 1 === field.length && text.startsWith(field, p + 1);
    if (isField && text.charCodeAt(keyEnd + 2) === QUOTE) {
      const value = readString(text, keyEnd + 2, end);
      if (value === undefined) return false;
      into.push(value);
    } else if (!skipValue(text, keyEnd + 2, end)) return false;
    p = pos;
    const next = text.charCodeAt(p);
    if (next === COMMA) p++;
    else if (next === RBRACE) {
      pos = p + 1;
      return true;
    } else return false;
  }
}

// Skips any JSON value at `at`, setting pos after it. Containers are walked with their strings
// jumped over; outside strings compact JSON has few characters.
function skipValue(text: string, at: number, end: number): boolean {
  const c = text.charCodeAt(at);
  if (c === QUOTE) {
    const close = stringEnd(text, at, end);
    if (close < 0) return false;
    pos = close + 1;
    return true;
  }
  if (c === LBRACE || c === LBRACKET) {
    let depth = 0;
    for (let p = at; p < end; ) {
      const d = text.charCodeAt(p);
      if (d === QUOTE) {
        const close = stringEnd(text, p, end);
        if (close < 0) return false;
        p = close + 1;
        continue;
      }
      if (d === LBRACE || d === LBRACKET) depth++;
      else if (d === RBRACE || d === RBRACKET) {
        depth--;
        if (depth === 0) {
          pos = p + 1;
          return true;
        }
      }
      p++;
    }
    return false;
  }
  // A number, true, false or null: up to the next delimiter; JSON.parse judges it when the entry is read.
  let p = at;
  while (p < end) {
    const d = text.charCodeAt(p);
    if (d === COMMA || d === RBRACE || d === RBRACKET) break;
    p++;
  }
  if (p === at) return false;
  pos = p;
  return true;
}
