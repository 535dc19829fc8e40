import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { EMPTY_MATCH_BUDGET, MAX_PATTERN_MATCHES, compileTeamPattern } from '../../../../src/core/config/teamPattern';
import { findTickets } from '../../../../src/core/tickets/ticketRefs';

// A team pattern that can match empty text ("(TKT_[0-9]+)?") matches empty at almost every
// position. Those matches name nothing: they must neither use up MAX_PATTERN_MATCHES (a ticket
// after 64 characters was missed) nor stop the search. The reference is JavaScript's own global
// matching (matchAll moves one code point on after an empty match) with the empty matches left
// out: these patterns are safe in a backtracking engine.

const NULLABLE = ['(TKT_[0-9]+)?', '(TKT_[0-9]+)*', '\\b(TKT_[0-9]+)?', '(?:TKT_([0-9]+))?', '(?:TKT_[0-9]+|)', '(TKT_[0-9]+)?$', '(?:^|\\s)(TKT_[0-9]+)?'];

/** Non-empty matches as JavaScript finds them: [UTF-16 index, text, group 1]. */
function reference(source: string, text: string): [number, string, string | undefined][] {
  return [...text.matchAll(new RegExp(source, 'gu'))].filter((m) => m[0] !== '').slice(0, MAX_PATTERN_MATCHES).map((m) => [m.index, m[0], m[1]]);
}

const filler = fc.array(fc.constantFrom('a', 'T', 'K', '_', '1', ' ', '\n', '-', 'é', '😀', 'TKT', 'TKT_'), { maxLength: 900 }).map((parts) => parts.join(''));

describe('team patterns that can match empty text (property)', () => {
  it('find every non-empty match JavaScript finds, wherever it is in a long message', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NULLABLE), filler, filler, fc.integer({ min: 1, max: 99_999 }), (source, before, after, n) => {
        const text = `${before} TKT_${n} ${after}`;
        const got = compileTeamPattern(source).matches(text).map((m) => [m.index, m.text, m.group1]);
        assert.deepEqual(got, reference(source, text));
      }),
      { numRuns: 300 },
    );
  });

  it('a ticket anywhere in a long message is found by such a pattern', () => {
    fc.assert(
      fc.property(fc.constantFrom('(TKT_[0-9]+)?', '(?:TKT_([0-9]+))?'), fc.integer({ min: 65, max: 1800 }), fc.integer({ min: 1, max: 99_999 }), (source, at, n) => {
        const text = `${'x'.repeat(at)} TKT_${n} and more words after it`;
        const ids = findTickets(text, { projects: [], patterns: [source] }).map((t) => t.id);
        assert.deepEqual(ids, [source.startsWith('(?:') ? String(n) : `TKT_${n}`]);
      }),
      { numRuns: 25 },
    );
  });

  it('stays bounded on a message of a million characters (past the budget nothing more is found, so the commit is refused)', () => {
    const text = `${'x'.repeat(1_000_000)} TKT_7`;
    const started = Date.now();
    assert.deepEqual(compileTeamPattern('(TKT_[0-9]+)?').matches(text), []);
    assert.ok(EMPTY_MATCH_BUDGET < text.length * 8);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });
});
