// Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), as the notes drop
// them (src/core/notes/safeText.ts): they reorder what a reader sees ("Trojan Source"), so a
// rollback plan on the board could show one command and hold another. A built site's data scripts
// are written without them (scriptSafe in src/core/board/monthScript.ts); the documents the editor's
// panel gets as messages lose them here. So the page, its search and its CSV agree.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const BIDI_ALL = /[\u202a-\u202e\u2066-\u2069]/g;

/** `value` (a freshly parsed document) with bidi controls removed from each of its strings, changed in place. Linear. */
export function withoutBidiControls<T>(value: T): T {
  if (typeof value === 'string') return (BIDI.test(value) ? value.replace(BIDI_ALL, '') : value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = withoutBidiControls(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = withoutBidiControls(record[key]);
  return value;
}
