import * as assert from 'node:assert/strict';
import uFuzzy from '@leeoniya/ufuzzy';
import type { TicketSummary } from '../../../../src/core/tickets/providers/trackerProvider';
import { TicketSearch } from '../../../../src/core/tickets/ticketSearch';

/** The search without the word index: uFuzzy over every ticket, as before the index existed. */
function scanAll(tickets: readonly TicketSummary[], q: string, limit: number, exclude: ReadonlySet<string>): string[] {
  const haystack = tickets.map((t) => `${t.key} ${t.title}`);
  const out: string[] = [];
  const seen = new Set(exclude);
  const passes: [uFuzzy, string[]][] = [[new uFuzzy(), haystack], [new uFuzzy({ intraMode: 1, intraIns: 1, intraSub: 1, intraTrn: 1, intraDel: 1 }), haystack.slice(0, 10_000)]];
  for (const [matcher, hay] of passes) {
    if (out.length + exclude.size >= Math.min(limit, 5)) break;
    const [idxs, info, order] = matcher.search(hay, q, 0, 1e3);
    const typo = matcher !== passes[0][0];
    for (const i of (order && info ? order.map((o) => info.idx[o]) : (idxs ?? [])).filter((i) => !typo || inDistinctWords(matcher, hay[i], q))) {
      if (out.length + exclude.size >= limit) break;
      if (!seen.has(tickets[i].key)) {
        seen.add(tickets[i].key);
        out.push(tickets[i].key);
      }
    }
  }
  return out;
}

/**
 * The documented rule of the typo-tolerant pass with several terms: each term in a word of its
 * own, in order (two terms inside one word only match spelt exactly, through the exact pass).
 */
function inDistinctWords(matcher: uFuzzy, text: string, q: string): boolean {
  const terms = matcher.split(q);
  if (terms.length < 2) return true;
  let next = 0;
  for (const word of text.toLowerCase().match(/[a-z\d']+/g) ?? []) {
    if ((matcher.filter([word], terms[next]) ?? []).length > 0 && ++next === terms.length) return true;
  }
  return false;
}

describe('TicketSearch', () => {
  const T = (key: string, title: string): TicketSummary => ({ key, title });

  it('puts the exact key first, then key prefixes, then title matches', () => {
    const search = new TicketSearch([T('PROJ-120', 'Gamma'), T('PROJ-12', 'Alpha'), T('PROJ-1201', 'Delta'), T('OPS-3', 'Follow-up of PROJ-12')], ['PROJ-120']);
    assert.deepEqual(search.search('PROJ-12').map((t) => t.key), ['PROJ-12', 'PROJ-120', 'PROJ-1201']);
    assert.deepEqual(search.search('proj-12', 1).map((t) => t.key), ['PROJ-12']);
    assert.deepEqual(search.search('PROJ').map((t) => t.key).slice(0, 3), ['PROJ-120', 'PROJ-12', 'PROJ-1201']);
  });

  it('finds through the word index exactly what a scan of every ticket finds (seeded random tickets and queries)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const words = "login session timeout password reset export csv invoice payment refund crash don't o'brien a b ab abc xyz 42 4711 ünïcode naïve x-ray".split(' ');
    const pick = () => words[Math.floor(rand() * words.length)];
    const tickets = Array.from({ length: 3000 }, (_, i) => T(`${['PROJ', 'OPS', 'AB'][i % 3]}-${i + 1}`, Array.from({ length: 1 + Math.floor(rand() * 6) }, pick).join(rand() < 0.2 ? ', ' : ' ')));
    const typo = (w: string) => (w.length > 3 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : w);
    const queries = ['login timeout', 'pasword', 'dashbord', 'refnud', 'logni timeuot', 'o\'brien', 'don', 'ab', '42 csv', 'ops', 'x ray', 'naïve', 'PROJ-1', 'xyz login'];
    for (let n = 0; n < 60; n++) queries.push(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => (rand() < 0.3 ? typo(pick()) : pick())).join(' '));
    const search = new TicketSearch(tickets);
    for (const q of queries) {
      const got = search.search(q, 50).map((t) => t.key);
      // Keys first (their own rule), then the fuzzy passes, which must agree with the full scan.
      const keyed = got.filter((k) => k.toUpperCase().startsWith(q.trim().toUpperCase()));
      // A query uFuzzy cannot read whole (a letter outside ASCII): titles holding its words as typed first.
      const words = q.trim().toLowerCase().split(/\s+/);
      const contained = /[^\x00-\x7f]/.test(q)
        ? tickets.map((t) => t.key).filter((k, i) => !keyed.includes(k) && words.every((w) => `${k} ${tickets[i].title}`.toLowerCase().includes(w))).slice(0, 50 - keyed.length)
        : [];
      assert.deepEqual(got.slice(keyed.length), [...contained, ...scanAll(tickets, q.trim(), 50, new Set([...keyed, ...contained]))], `query "${q}"`);
    }
  });
});

describe('TicketSearch beyond ASCII', () => {
  const T = (key: string, title: string): TicketSummary => ({ key, title });
  const tickets = [
    T('PROJ-1', 'Вход через SSO не работает'),
    T('PROJ-2', 'ログイン画面が遅い'),
    T('PROJ-3', 'Release 🎉 party page'),
    T('PROJ-4', 'שגיאה בדף הבית'),
    T('PROJ-5', 'Cafe\u0301 menu crash'),
    T('PROJ-6', 'Login page crash'),
  ];
  const search = new TicketSearch(tickets);
  const keys = (q: string) => search.search(q).map((t) => t.key);

  it('finds titles by words in other scripts, emoji and accents however typed (uFuzzy found nothing)', () => {
    assert.deepEqual(keys('вход'), ['PROJ-1']);
    assert.deepEqual(keys('ВХОД sso'), ['PROJ-1']);
    assert.deepEqual(keys('ログイン'), ['PROJ-2']);
    assert.deepEqual(keys('🎉'), ['PROJ-3']);
    assert.deepEqual(keys('בדף'), ['PROJ-4']);
    assert.deepEqual(keys('caf\u00e9'), ['PROJ-5']);
  });
});

describe('TicketSearch on hostile text (never a regex that backtracks without end)', () => {
  const T = (key: string, title: string): TicketSummary => ({ key, title });
  const timed = (f: () => string[]): { keys: string[]; ms: number } => {
    const start = process.hrtime.bigint();
    const keys = f();
    return { keys, ms: Number(process.hrtime.bigint() - start) / 1e6 };
  };

  it('several terms over a title repeating them out of order: an answer in milliseconds (was 16 s for "a b a b c")', () => {
    const tickets = [T('OPS-1', `c ${'ab '.repeat(150)}`), T('OPS-2', 'ab ab ab ab and c'), ...Array.from({ length: 200 }, (_, i) => T(`PROJ-${i}`, 'login page crash'))];
    const search = new TicketSearch(tickets);
    for (const q of ['a b a b c', 'a b a b a b a b c', 'a b a b c -zzz', 'a b a b "c"']) {
      const { keys, ms } = timed(() => search.search(q).map((t) => t.key));
      assert.deepEqual(keys, ['OPS-2'], q);
      assert.ok(ms < 1000, `${q}: ${ms} ms`);
    }
    // The same terms in the title's order still find it.
    assert.deepEqual(search.search('c ab ab ab').map((t) => t.key), ['OPS-1']);
  });

  it('a pasted long word: an answer in milliseconds (the typo pass took 19 s over 500 letters)', () => {
    const tickets = [T('OPS-1', 'x'.repeat(499)), T('OPS-2', `${'ab'.repeat(200)} crash`), ...Array.from({ length: 2000 }, (_, i) => T(`PROJ-${i}`, `login ${i} export`))];
    const search = new TicketSearch(tickets);
    for (const q of ['x'.repeat(500), 'ab'.repeat(150) + 'x', `"${'x'.repeat(500)}`, 'a'.repeat(300)]) {
      const { keys, ms } = timed(() => search.search(q).map((t) => t.key));
      assert.deepEqual(keys, [], q.slice(0, 20));
      assert.ok(ms < 1000, `${q.slice(0, 20)}…: ${ms} ms`);
    }
    assert.deepEqual(search.search('x'.repeat(499)).map((t) => t.key), ['OPS-1']);
  });

  it('a query holding a long run of blanks: an answer in milliseconds (uFuzzy\'s exclusion regex took 3.8 s over 40,000)', () => {
    const search = new TicketSearch([T('OPS-1', 'login page'), T('OPS-2', 'export crash')]);
    for (const q of [`login${' '.repeat(40_000)}page`, `login${' '.repeat(40_000)}-page`]) {
      const { keys, ms } = timed(() => search.search(q).map((t) => t.key));
      assert.deepEqual(keys, q.includes('-') ? [] : ['OPS-1']);
      assert.ok(ms < 500, `${ms} ms`);
    }
  });
});
