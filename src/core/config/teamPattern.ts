import type { RE2 } from 're2-wasm';

// Team patterns (tickets.patterns, exemptions.messagePatterns, branch globs) are written by
// anyone with commit access and run on every commit, in CI and in the editor. JavaScript's
// backtracking engine takes exponential time on patterns such as (a+)+$, so they run on RE2
// (Google's automaton engine, here compiled to wasm), which is linear in the input.

type Re2Class = typeof RE2;
let engine: Re2Class | undefined;

function re2(): Re2Class {
  // Loaded on first use (dist/re2.js + dist/re2.wasm): most policies have no patterns at all.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  engine ??= (require('re2-wasm') as typeof import('re2-wasm')).RE2;
  return engine;
}

/** One match of a team pattern; `index` is a UTF-16 offset into the text, like RegExp's. */
export interface PatternMatch {
  readonly index: number;
  readonly length: number;
  readonly text: string;
  readonly group1?: string;
}

/** A team pattern compiled for linear-time matching. */
export interface TeamPattern {
  readonly source: string;
  test(text: string): boolean;
  /** Matches in order, at most `limit` (each search is linear; the limit keeps the total linear). */
  matches(text: string, limit?: number): PatternMatch[];
  /** Whether the pattern matches empty text somewhere in `text` (for short texts: one search per position). */
  matchesEmptyIn(text: string): boolean;
}

/** How many matches of one pattern are looked at in one text: enough for any real message. */
export const MAX_PATTERN_MATCHES = 64;

/**
 * How many UTF-16 units all the searches that follow empty matches may hand RE2 in one text
 * (about a tenth of a second): every position of a message of 2,800 characters, or the first
 * 400 positions of one of 10,000. Past it, a ticket is not found, so the commit is refused
 * rather than let through.
 */
export const EMPTY_MATCH_BUDGET = 1 << 22;

const compiled = new Map<string, TeamPattern>();

/** Compiles `source` (JavaScript syntax, no lookaround or backreferences); throws when RE2 cannot run it. */
export function compileTeamPattern(source: string): TeamPattern {
  const cached = compiled.get(source);
  if (cached) return cached;
  const Re2 = re2();
  const once = new Re2(source, 'u');
  const global = new Re2(source, 'gu');
  const pattern: TeamPattern = {
    source,
    test: (text) => once.test(text),
    matches(text, limit = MAX_PATTERN_MATCHES) {
      const out: PatternMatch[] = [];
      let from = 0;
      let budget = EMPTY_MATCH_BUDGET;
      while (out.length < limit && from <= text.length) {
        // Each search hands RE2 the text from one code point before `from` (the context ^, \b and
        // (?m)^ look at) to the end, starting at `from`: the same match as on the whole text.
        const context = from > 0 ? (isLowSurrogateAt(text, from - 1) ? from - 2 : from - 1) : 0;
        const slice = context === 0 ? text : text.slice(context);
        global.lastIndex = context === from ? 0 : 1;
        const m = global.exec(slice);
        if (!m) break;
        const start = context + utf16Offsets(slice)(m.index);
        const found = m[0] ?? '';
        if (found === '') {
          // An empty match names nothing: it does not count towards `limit`, and the next search
          // starts one code point on. Searches after empty matches are bounded in total (a pattern
          // empty everywhere, such as "(X-[0-9]+)?", would otherwise cost the text's length squared).
          budget -= slice.length;
          if (budget < 0) break;
          from = start + (isHighSurrogateAt(text, start) ? 2 : 1);
          continue;
        }
        out.push({ index: start, length: found.length, text: found, group1: m[1] });
        from = start + found.length;
      }
      return out;
    },
    matchesEmptyIn(text) {
      global.lastIndex = 0;
      for (let m = global.exec(text); m; m = global.exec(text)) {
        if (m[0] === '') return true;
      }
      return false;
    },
  };
  // The cache holds the sources of one or two config files; wasm memory is never freed, so reuse.
  if (compiled.size < 256) compiled.set(source, pattern);
  return pattern;
}

/** Why `source` cannot be a team pattern (RE2 rejects lookaround, backreferences...), or undefined. */
export function patternError(source: string): string | undefined {
  try {
    new RegExp(source);
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  try {
    compileTeamPattern(source);
    return undefined;
  } catch (error) {
    const why = (error as Error).message.replace(/^Invalid regular expression: \/.*\/u?: /s, '');
    return `cannot run in linear time (${why}); lookaround and backreferences are not supported`;
  }
}

// Every neighbourhood an assertion (^ $ \b \B (?m)^ (?m)$) can look at: each position of these
// texts has a start, end, word, space or line break on either side, in every combination.
const CONTEXTS = ['', ...['a', ' ', '\n'].flatMap((x) => ['a', ' ', '\n'].flatMap((y) => ['a', ' ', '\n'].flatMap((z) => [x, x + y, x + y + z])))];

/**
 * A text on which `source` matches without consuming a character (such as "" for "^$", or
 * "a" for "(chore)?"), or undefined: such a pattern matches some subject whatever it says.
 */
export function emptyMatchWitness(source: string): string | undefined {
  const pattern = compileTeamPattern(source);
  return CONTEXTS.find((text) => pattern.matchesEmptyIn(text));
}

/**
 * A repeated group that itself repeats, such as `(a+)+` or `(\w*\s?)*`: exponential in every
 * backtracking engine (JavaScript, PCRE, grep -P). ChangeTrail runs it in linear time, but any
 * other tool given the same pattern may hang, so it is reported. Returns the offending part.
 */
export function nestedQuantifier(source: string): string | undefined {
  const frames: { start: number; repeats: boolean }[] = [{ start: 0, repeats: false }];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    let atomStart = i;
    let atomRepeats = false;
    if (c === '\\') i += 2;
    else if (c === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      frames.push({ start: i, repeats: false });
      i++;
      continue;
    } else if (c === ')' && frames.length > 1) {
      const frame = frames.pop()!;
      atomStart = frame.start;
      atomRepeats = frame.repeats;
      i++;
    } else if (c === '|') {
      i++;
      continue;
    } else i++;
    const q = /^(?:[*+]|\{\d+,\d*\})\??/.exec(source.slice(i, i + 24));
    const unbounded = q !== null && !/^\{\d+,\d+\}/.test(q[0]);
    if (q) i += q[0].length;
    if (unbounded && atomRepeats) return source.slice(atomStart, i);
    if (unbounded || atomRepeats) frames[frames.length - 1].repeats = true;
  }
  return undefined;
}

function isHighSurrogateAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && isLowSurrogateAt(text, i + 1);
}

function isLowSurrogateAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
}

/** Maps RE2's code-point offsets to UTF-16 offsets; linear over increasing queries. */
function utf16Offsets(text: string): (codePoint: number) => number {
  if (!/[\uD800-\uDFFF]/.test(text)) return (n) => n;
  let unit = 0;
  let point = 0;
  return (target) => {
    while (point < target && unit < text.length) {
      const code = text.charCodeAt(unit);
      unit += code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length ? 2 : 1;
      point++;
    }
    return unit;
  };
}
