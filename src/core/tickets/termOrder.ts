/**
 * Linear checks that a query's terms occur in a ticket's text in the order given, run before
 * uFuzzy so that its multi-term regex (`a.*?b.*?c`, lazy gaps) is only ever run on text it
 * matches. On text it does not match, that regex backtracks through every placement of the terms:
 * "a b a b c" over a title "c ab ab ab ..." (450 characters) took 16 s, on the keystroke path.
 * A regex that does match finds its first placement without backtracking (see each check), so
 * no title, however hostile, makes a search slower than a scan.
 */

/** A word as uFuzzy sees one: ASCII letters, digits and apostrophes, after ASCII-only case folding. */
const WORD = /[a-z\d']+/g;
/** uFuzzy's exclusions (`-word`, `-"a phrase"`), which are not terms that must occur. */
const EXCLUSION = /(?:\s+|^)-(?:[a-z\d']+|".+?")/gi;

/**
 * Folds case as a regex with the `i` flag and without `u` does for ASCII: such a regex never folds
 * a non-ASCII character to an ASCII one (the Kelvin sign is not k), so neither may this.
 */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** `query` without uFuzzy's exclusions: what must occur. */
export function withoutExclusions(query: string): string {
  return query.replace(EXCLUSION, ' ');
}

/** The terms that must occur, in order, as uFuzzy splits them (quoted phrases without their quotes). */
export function requiredTerms(split: (needle: string) => readonly string[], query: string): string[] {
  return split(withoutExclusions(query)).map((t) => foldAscii(t.startsWith('"') && t.endsWith('"') && t.length > 1 ? t.slice(1, -1) : t));
}

/**
 * Whether literal `terms` (folded) occur in `text` in order, as uFuzzy's exact mode asks (the
 * terms joined by lazy gaps). The leftmost chain is the one the regex tries first, so it exists
 * exactly when the regex matches. One indexOf per term.
 */
export function termsInOrder(text: string, terms: readonly string[]): boolean {
  const folded = foldAscii(text);
  let from = 0;
  for (const term of terms) {
    const at = folded.indexOf(term, from);
    if (at < 0) return false;
    from = at + term.length;
  }
  return true;
}

/**
 * Whether `text` has, in order and in distinct words, a word of `wordSets[0]`, then one of
 * `wordSets[1]`, ... (the words each typo-tolerant term matches; a term never spans a separator).
 * Stricter than uFuzzy's typo mode (two terms inside one word are not looked for), never looser,
 * so its regex then matches with its first placement. One pass over the words.
 */
export function wordsInOrder(text: string, wordSets: readonly ReadonlySet<string>[]): boolean {
  if (wordSets.length === 0) return true;
  const folded = foldAscii(text);
  let next = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded); m !== null; m = WORD.exec(folded)) {
    if (wordSets[next].has(m[0]) && ++next === wordSets.length) return true;
  }
  return false;
}
