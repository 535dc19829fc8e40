import type { NoteDocument } from './noteDocument';

// Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069): they reorder what a
// reader sees ("Trojan Source"), so a rollback plan could show one command and hold another.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
// C0 controls but tab and newline, DEL and the C1 range: no channel shows them, a terminal obeys them.
const CONTROL = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f]/g;
// A lone surrogate cannot be encoded as UTF-8 (encodeURIComponent throws, Buffer writes U+FFFD).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Chat-wide mentions as people type them, and as Slack's own markup spells them.
const BROADCAST = /([@＠])(channel|here|everyone|all|group)\b/giu;
const WORD_JOINER = '\u2060';

/** Text any format can carry: lone UTF-16 surrogates replaced by U+FFFD. Linear. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** Text with bidirectional override characters removed: it reads in the order it is stored. */
export function withoutBidi(text: string): string {
  return text.replace(BIDI, '');
}

/** Text with control characters (but tab, CR and LF) removed. */
export function withoutControls(text: string): string {
  return text.replace(CONTROL, '').replace(/\r(?!\n)/g, '');
}

/**
 * User text safe for any channel: well-formed, no bidi overrides, no control characters (CR LF,
 * LF and tab stay). Every renderer passes its document through this before escaping its format.
 */
export function channelSafe(text: string): string {
  return withoutControls(withoutBidi(wellFormed(text)));
}

/**
 * `@channel`, `@here`, `@everyone` (and `@all`, `@group`) with a word joiner after the `@`: shown
 * the same, but no chat service reads them as a mention of a whole channel.
 */
export function withoutBroadcasts(text: string): string {
  return text.replace(BROADCAST, (_m, at: string, word: string) => `${at}${WORD_JOINER}${word}`);
}

/** A copy of a value with `fix` applied to every string in it (object keys included). */
export function mapStrings<T>(value: T, fix: (text: string) => string): T {
  if (typeof value === 'string') return fix(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fix)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [fix(k), mapStrings(v, fix)])) as T;
}

/** A document whose every string went through channelSafe. */
export function safeDocument(doc: NoteDocument): NoteDocument {
  return mapStrings(doc, channelSafe);
}

/**
 * What the CLI may print: control characters (escape sequences included) and bidi overrides
 * removed, lone surrogates replaced. Newlines and tabs stay.
 */
export function terminalSafe(text: string): string {
  return withoutControls(withoutBidi(wellFormed(text)));
}
