import uFuzzy from '@leeoniya/ufuzzy';
import type { TicketSummary } from './providers/trackerProvider';
import { requiredTerms, termsInOrder, withoutExclusions, wordsInOrder } from './termOrder';
import { WordIndex } from './wordIndex';

/** Swapped or wrong letters are looked for among the most recently updated tickets only. */
const TYPO_WINDOW = 10_000;
/**
 * Longest term, and most terms, the typo-tolerant pass takes: its regex holds about four variants
 * per letter of each term, so its cost grows with the square of a term's length (a pasted
 * 500-letter word took 19 s). Nobody misspells a 25-letter word and expects a match.
 */
const TYPO_MAX_TERM = 24;
const TYPO_MAX_TERMS = 8;

/** Looks like a key or the start of one: PROJ-12, PROJ, #4, AB#3. */
const KEYISH = /^[A-Z#][A-Z0-9_#-]*$/i;
/** A whole key: the person means that ticket, title matches would only be noise. */
const FULL_KEY = /^[A-Z][A-Z0-9_]*-\d+$|^(AB)?#\d+$/i;
/** A character uFuzzy cannot search for (it splits queries into ASCII letters and digits). */
const NOT_ASCII = /[^\x00-\x7f]/;
/** Text compared without regard to case or to how an accent was typed (one character, or a letter and a combining mark). */
const comparable = (text: string): string => text.normalize('NFC').toLowerCase();
/** uFuzzy's own query syntax (-exclusions, "quoted phrases"): such queries skip the word index. */
const QUERY_SYNTAX = /(^|\s)-|"/;

/**
 * Typo-tolerant search over ticket keys and titles, ranked as people expect: the exact key first,
 * then keys that start with the query (recently used first, then shorter), then uFuzzy's ranking
 * of title matches. Keys are found by binary search over the sorted keys and titles through a word
 * index (WordIndex), so a query touches only the tickets that can match, not all 100,000.
 * uFuzzy because it answers in ~5 ms over 100k tickets where fuse.js takes ~300 ms (bench/ticket-search).
 */
export class TicketSearch {
  private readonly haystack: string[];
  private readonly recentHaystack: string[];
  private readonly upperKeys: string[];
  // Built on first use, so a directory that only ever looks keys up never pays for the word index.
  private sortedKeys?: number[];
  private wordIndex?: WordIndex;
  // Built on the first query holding a letter uFuzzy does not know.
  private comparableHaystack?: string[];
  // Letters left out ("pasword", "dashbord") are the common typo and cost nothing extra;
  // swapped or wrong letters ("logni") need the slower single-error mode, tried only when the
  // fast pass finds little.
  private readonly fuzzy = new uFuzzy();
  private readonly typoTolerant = new uFuzzy({ intraMode: 1, intraIns: 1, intraSub: 1, intraTrn: 1, intraDel: 1 });

  constructor(
    private readonly tickets: readonly TicketSummary[],
    private readonly recentlyUsed: readonly string[] = [],
  ) {
    this.haystack = tickets.map((t) => `${t.key} ${t.title}`);
    this.recentHaystack = this.haystack.slice(0, TYPO_WINDOW);
    this.upperKeys = tickets.map((t) => t.key.toUpperCase());
  }

  /** Ticket indices ordered by upper-case key, for prefix ranges. */
  private get byKey(): number[] {
    const keys = this.upperKeys;
    this.sortedKeys ??= keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));
    return this.sortedKeys;
  }

  private get words(): WordIndex {
    this.wordIndex ??= new WordIndex(this.haystack);
    return this.wordIndex;
  }

  get size(): number {
    return this.tickets.length;
  }

  /** Builds the key order and word index now (off the keystroke path) instead of on the first search. */
  prepare(): void {
    void this.byKey;
    void this.words;
  }

  /** The best `limit` tickets for `query`; an empty query gives recently used, then the cache's order. */
  search(query: string, limit = 50): TicketSummary[] {
    // One space per run of blanks: uFuzzy's own exclusion regex (`(?:\s+|^)-`) is quadratic in a long run.
    const q = query.trim().replace(/\s+/g, ' ');
    const rank = new Map(this.recentlyUsed.map((key, i) => [key, i]));
    const byRecency = (a: number, b: number) => (rank.get(this.tickets[a].key) ?? 1e9) - (rank.get(this.tickets[b].key) ?? 1e9);
    if (q === '') {
      return this.tickets.map((_, i) => i).sort((a, b) => byRecency(a, b) || a - b).slice(0, limit).map((i) => this.tickets[i]);
    }
    const out: number[] = [];
    const seen = new Set<number>();
    if (KEYISH.test(q)) {
      const upper = q.toUpperCase();
      const prefixed = this.keysStartingWith(upper, limit * 4);
      // Exact key first, whatever was used recently; then the rest of the prefix range.
      prefixed.sort((a, b) => Number(this.upperKeys[b] === upper) - Number(this.upperKeys[a] === upper) || byRecency(a, b) || this.upperKeys[a].length - this.upperKeys[b].length || a - b);
      for (const i of prefixed.slice(0, limit)) {
        out.push(i);
        seen.add(i);
      }
    }
    if (FULL_KEY.test(q) && out.length > 0) return out.map((i) => this.tickets[i]);
    // uFuzzy knows ASCII letters only: "шлюз", "ログイン" or an emoji were no terms at all (nothing found) and
    // "naïve" two ("na", "ve"). Titles holding the query's words as typed come first.
    if (NOT_ASCII.test(q)) {
      for (const i of this.containing(q, limit - out.length)) {
        if (!seen.has(i)) {
          out.push(i);
          seen.add(i);
        }
      }
    }
    const indexed = !QUERY_SYNTAX.test(q);
    const passes: [uFuzzy, string[], 'exact' | 'typo'][] = [[this.fuzzy, this.haystack, 'exact'], [this.typoTolerant, this.recentHaystack, 'typo']];
    for (const [matcher, haystack, mode] of passes) {
      if (out.length >= Math.min(limit, 5)) break;
      for (const i of this.fuzzyRanked(matcher, haystack, q, mode, indexed)) {
        if (out.length >= limit) break;
        if (!seen.has(i)) {
          out.push(i);
          seen.add(i);
        }
      }
    }
    return out.map((i) => this.tickets[i]);
  }

  /**
   * uFuzzy's ranking of `q` over `haystack`. Indexed, only the tickets whose words can match every
   * term are tested (the same matches uFuzzy would find scanning everything). With several terms,
   * only the tickets holding them in order reach uFuzzy's regex (see termOrder.ts).
   */
  private fuzzyRanked(matcher: uFuzzy, haystack: string[], q: string, mode: 'exact' | 'typo', indexed: boolean): number[] {
    const terms = requiredTerms((needle) => matcher.split(needle), q);
    if (mode === 'typo' && (terms.length > TYPO_MAX_TERMS || terms.some((t) => t.length > TYPO_MAX_TERM))) return [];
    let pre: number[] | undefined;
    const picked = new Map<string, ReadonlySet<string>>();
    if (indexed) {
      const pick = mode === 'exact'
        ? (vocabulary: readonly string[], term: string) => vocabulary.filter((word) => word.includes(term))
        : (vocabulary: readonly string[], term: string) => (matcher.filter(vocabulary as string[], term) ?? []).map((i) => vocabulary[i]);
      // A repeated term narrows nothing more: looked up once ("a-a-a-a..." is one look-up, not a hundred).
      const candidates = this.words.candidates([...new Set(terms)], (vocabulary, term) => {
        const words = pick(vocabulary, term);
        picked.set(term, new Set(words));
        return words;
      }, haystack.length);
      if (candidates?.length === 0) return [];
      pre = candidates;
    }
    if (terms.length > 1) {
      // uFuzzy's multi-term regex backtracks without end on text it does not match: run it only on text it matches.
      // Unindexed, a typo-tolerant term is held to its exact spelling here (stricter, never looser).
      const wordSets = terms.map((t) => picked.get(t) ?? new Set<string>());
      const inOrder = mode === 'typo' && indexed ? (i: number) => wordsInOrder(haystack[i], wordSets) : (i: number) => termsInOrder(haystack[i], terms);
      pre = pre ? pre.filter(inOrder) : haystack.flatMap((_, i) => (inOrder(i) ? [i] : []));
    }
    if (pre) {
      // Exclusions are applied by search; filter tests what must occur.
      pre = matcher.filter(haystack, withoutExclusions(q), pre) ?? [];
      if (pre.length === 0) return [];
    }
    const [idxs, info, order] = matcher.search(haystack, q, 0, 1e3, pre);
    return order && info ? order.map((o) => info.idx[o]) : (idxs ?? []);
  }

  /** The first `max` tickets (cache order) whose key and title hold every word of `q`, any case, any order; one scan. */
  private containing(q: string, max: number): number[] {
    const words = comparable(q).split(/\s+/).filter(Boolean);
    this.comparableHaystack ??= this.haystack.map(comparable);
    const out: number[] = [];
    for (let i = 0; i < this.comparableHaystack.length && out.length < max; i++) {
      const text = this.comparableHaystack[i];
      if (words.every((w) => text.includes(w))) out.push(i);
    }
    return out;
  }

  /** Ticket indices whose key starts with `upper`, at most `max`, earliest in the cache first. */
  private keysStartingWith(upper: string, max: number): number[] {
    const byKey = this.byKey;
    let lo = 0;
    let hi = byKey.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.upperKeys[byKey[mid]] < upper) lo = mid + 1;
      else hi = mid;
    }
    const range: number[] = [];
    for (let k = lo; k < byKey.length && this.upperKeys[byKey[k]].startsWith(upper); k++) range.push(byKey[k]);
    // The exact key sorts first in the range; keep it, then the earliest (most recently updated) of the rest.
    const exact = range.filter((i) => this.upperKeys[i] === upper);
    const rest = range.filter((i) => this.upperKeys[i] !== upper).sort((a, b) => a - b).slice(0, Math.max(0, max - exact.length));
    return [...exact, ...rest];
  }
}
