import { EntryKeys, KEY, UNKNOWN_KIND, hashRange, hashString, foldName, isoRange, kindOf, shaRange, isoMs, keyHash } from './entryKeys';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

// What a top-level member's value means to the index.
const enum Field {
  Other,
  Schema,
  Id,
  CreatedAt,
  Supersedes,
  Branch,
  Environment,
  Commit,
  Origin,
  RollsBack,
  Tickets,
  Systems,
  Commits,
  Records,
}

// Where the value just read ends; module variables save a tuple per value on a million lines.
let pos = 0;
let sawId = false;

/**
 * Reads the keys of a line in the compact JSON that serializeEntry (JSON.stringify) writes into
 * `keys`, from `text` (the block decoded as latin1, so offsets are byte offsets) between `start`
 * and `end`. Strings are jumped over with indexOf; key values are hashed where they lie, decoded
 * only when escaped or not ASCII. False when the line is not one compact JSON object with a
 * schema and an id: the caller then parses it.
 */
export function skimLine(text: string, start: number, end: number, keys: EntryKeys): boolean {
  if (text.charCodeAt(start) !== LBRACE || text.charCodeAt(end - 1) !== RBRACE) return false;
  keys.reset();
  sawId = false;
  let schemaSeen = false;
  let p = start + 1;
  for (;;) {
    if (text.charCodeAt(p) !== QUOTE) return false;
    const keyEnd = text.indexOf('"', p + 1);
    if (keyEnd < 0 || keyEnd >= end || text.charCodeAt(keyEnd + 1) !== COLON) return false;
    const at = keyEnd + 2;
    switch (fieldOf(text, p + 1, keyEnd - p - 1)) {
      case Field.Schema: {
        const close = stringEnd(text, at, end);
        if (close < 0) return false;
        keys.kind = kindAt(text, at + 1, close);
        if (keys.kind === UNKNOWN_KIND && hashRange(text, at + 1, close, false) < 0) keys.kind = kindOf(decode(text, at, close) ?? '');
        schemaSeen = true;
        pos = close + 1;
        break;
      }
      case Field.Id:
        if (!value(text, at, end, keys, KEY.id, false)) return false;
        sawId = true;
        break;
      case Field.CreatedAt: {
        const close = stringEnd(text, at, end);
        if (close < 0) return false;
        // Read where it lies when it is 24 plain characters; an escape in it is decoded first, as the parse does.
        keys.time = close - at - 1 === 24 && !hasEscape(text, at + 1, close) ? isoRange(text, at + 1) : isoMs(decode(text, at, close) ?? '');
        pos = close + 1;
        break;
      }
      case Field.Supersedes:
        if (!value(text, at, end, keys, KEY.supersedes, false)) return false;
        break;
      case Field.Branch:
        if (!value(text, at, end, keys, KEY.branch, false)) return false;
        break;
      case Field.Environment:
        if (!value(text, at, end, keys, KEY.environment, true)) return false;
        break;
      case Field.Commit:
        if (!value(text, at, end, keys, KEY.sha, false)) return false;
        break;
      case Field.Origin:
        if (!value(text, at, end, keys, KEY.origin, false)) return false;
        break;
      case Field.RollsBack:
        if (!value(text, at, end, keys, KEY.rollsBack, false)) return false;
        break;
      case Field.Tickets:
        if (!list(text, at, end, keys, KEY.ticket, undefined)) return false;
        break;
      case Field.Systems:
        if (!list(text, at, end, keys, KEY.system, 'name')) return false;
        break;
      case Field.Commits:
        if (!list(text, at, end, keys, KEY.sha, 'sha')) return false;
        break;
      case Field.Records:
        if (!list(text, at, end, keys, KEY.carries, undefined)) return false;
        break;
      default:
        if (!skipValue(text, at, end)) return false;
    }
    p = pos;
    const c = text.charCodeAt(p);
    if (c === COMMA) p++;
    else if (c === RBRACE && p === end - 1) break;
    else return false;
  }
  return schemaSeen && sawId && keys.kind !== UNKNOWN_KIND;
}

// The member name at [at, at + length), without making a string of it.
function fieldOf(text: string, at: number, length: number): Field {
  const is = (name: string) => length === name.length && text.startsWith(name, at);
  switch (length) {
    case 2:
      return is('id') ? Field.Id : Field.Other;
    case 6:
      return is('schema') ? Field.Schema : is('branch') ? Field.Branch : is('commit') ? Field.Commit : is('origin') ? Field.Origin : Field.Other;
    case 7:
      return is('tickets') ? Field.Tickets : is('systems') ? Field.Systems : is('commits') ? Field.Commits : is('records') ? Field.Records : Field.Other;
    case 9:
      return is('createdAt') ? Field.CreatedAt : is('rollsBack') ? Field.RollsBack : Field.Other;
    case 10:
      return is('supersedes') ? Field.Supersedes : Field.Other;
    case 11:
      return is('environment') ? Field.Environment : Field.Other;
    default:
      return Field.Other;
  }
}

function kindAt(text: string, at: number, close: number): number {
  const length = close - at;
  if (length === 18 && text.startsWith('changetrail/change', at)) return 0;
  if (length === 22 && text.startsWith('changetrail/deployment', at)) return 1;
  if (length === 20 && text.startsWith('changetrail/incident', at)) return 2;
  return UNKNOWN_KIND;
}

// A string value at `at`, posted under `kind`; sets pos after it.
function value(text: string, at: number, end: number, keys: EntryKeys, kind: number, fold: boolean): boolean {
  if (text.charCodeAt(at) !== QUOTE) return false;
  const close = stringEnd(text, at, end);
  if (close < 0) return false;
  pos = close + 1;
  let hash = kind === KEY.sha ? shaRange(text, at + 1, close) : hashRange(text, at + 1, close, fold);
  if (hash < 0) {
    const decoded = decode(text, at, close);
    if (decoded === undefined) return false;
    hash = kind === KEY.sha ? keyHash('sha', decoded) : hashString(fold ? foldName(decoded) : decoded);
  }
  keys.push(kind, hash);
  return true;
}

// The JSON string [at, close] decoded as the parse of the line decodes it, or undefined: its bytes
// (read as latin1) taken as UTF-8 first, then its escapes. The other way round, an escaped
// non-ASCII character ("Pr\u00f6d") was taken for a UTF-8 byte and came out garbled.
function decode(text: string, at: number, close: number): string | undefined {
  const raw = text.slice(at, close + 1);
  try {
    // eslint-disable-next-line no-control-regex
    return JSON.parse(/[^\x00-\x7f]/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw) as string;
  } catch {
    return undefined;
  }
}

// A backslash in text[from, to): a loop over those few characters, not indexOf, which would search
// on past `to` through the rest of the block for every line (a first build took 200 s, not 3).
function hasEscape(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === BACKSLASH) return true;
  return false;
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

// An array whose elements are strings (posted) or objects (whose `field` string is posted).
function list(text: string, at: number, end: number, keys: EntryKeys, kind: number, field: string | undefined): boolean {
  if (text.charCodeAt(at) !== LBRACKET) return false;
  let p = at + 1;
  if (text.charCodeAt(p) === RBRACKET) {
    pos = p + 1;
    return true;
  }
  for (;;) {
    const c = text.charCodeAt(p);
    if (c === QUOTE) {
      if (!value(text, p, end, keys, kind, kind === KEY.system)) return false;
    } else if (c === LBRACE && field !== undefined) {
      if (!objectField(text, p, end, keys, kind, field)) return false;
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

// An object's members, posting the string value of `field`.
function objectField(text: string, at: number, end: number, keys: EntryKeys, kind: number, field: string): boolean {
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
      if (!value(text, keyEnd + 2, end, keys, kind, kind === KEY.system)) return false;
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
