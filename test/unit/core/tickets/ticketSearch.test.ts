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
    for (const i of order && info ? order.map((o) => info.idx[o]) : (idxs ?? [])) {
      if (out.length + exclude.size >= limit) break;
      if (!seen.has(tickets[i].key)) {
        seen.add(tickets[i].key);
        out.push(tickets[i].key);
      }
    }
  }
  return out;
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
      assert.deepEqual(got.slice(keyed.length), scanAll(tickets, q.trim(), 50, new Set(keyed)), `query "${q}"`);
    }
  });
});
