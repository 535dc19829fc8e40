/** A word as uFuzzy sees one (its terms never span a separator), so the two agree on what matches. */
const WORD = /[a-z\d']+/g;

/**
 * Words of every ticket's "KEY title" with the tickets they occur in. A search term matches inside
 * one word (uFuzzy's characters within a term exclude separators), so the tickets that can match
 * a query are those with, for every term, a word that matches it: a few word look-ups instead of
 * a test of every ticket.
 */
export class WordIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly vocabulary: string[];

  constructor(haystack: readonly string[]) {
    for (let i = 0; i < haystack.length; i++) {
      const text = haystack[i].toLowerCase();
      WORD.lastIndex = 0;
      for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
        const list = this.postings.get(m[0]);
        if (!list) this.postings.set(m[0], [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    }
    this.vocabulary = [...this.postings.keys()];
  }

  /**
   * Ticket indices below `below`, ascending, that have a word `pickWords` accepts for every term;
   * undefined when the index would not narrow the search (no terms, or most tickets qualify).
   */
  candidates(terms: readonly string[], pickWords: (vocabulary: readonly string[], term: string) => readonly string[], below: number): number[] | undefined {
    if (terms.length === 0 || terms.length > 200) return undefined;
    const counts = new Uint8Array(below);
    for (let t = 0; t < terms.length; t++) {
      let reached = 0;
      for (const word of pickWords(this.vocabulary, terms[t])) {
        for (const i of this.postings.get(word) ?? []) {
          if (i >= below) break;
          if (counts[i] === t) {
            counts[i] = t + 1;
            reached++;
          }
        }
      }
      if (reached === 0) return [];
    }
    const out: number[] = [];
    for (let i = 0; i < below; i++) if (counts[i] === terms.length) out.push(i);
    return out.length > below * 0.5 ? undefined : out;
  }
}
