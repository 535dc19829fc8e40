import * as assert from 'node:assert/strict';
import { serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord } from '../../../../../src/core/records/changeRecord';
import { EntryKeys } from '../../../../../src/core/records/index/entryKeys';
import { skimLine } from '../../../../../src/core/records/index/lineSkimmer';

// A first build skims every line of a block of megabytes. Each line's searches must stay near the
// line: a search run on to the block's end for every line makes the build quadratic (1,000,000
// records took 180 s instead of 3 s once, and no test with a short log could see it). This counts
// the characters the skimmer's searches pass over, without timing anything.

const person = { name: 'Ana Ruiz', email: 'ana@example.com' };

function line(i: number, escapedTime: boolean): string {
  const createdAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  const record: ChangeRecord = {
    schema: 'changetrail/change', version: 1, id: `01HZX${String(i % 100).padStart(2, '0')}ABCDEFGHJKMNPQRSTVW`, createdAt, tickets: ['PROJ-1', 'ÜX-3'], title: 'A change',
    // Most lines hold no backslash at all (no quote in a name, no escape), as in most real logs: a
    // search for one must still stop at the line's end.
    description: i % 500 === 0 ? 'multi\nline with "quotes" and a \\ backslash' : 'plain words', reason: 'why', systems: [{ name: 'billing', criticality: 'high' }], author: person, branch: 'feature/PROJ-1',
    commits: [{ sha: `${i.toString(16).padStart(7, '0')}${'a'.repeat(33)}`, subject: 'fix' }], changedFiles: ['src/a.ts'], answers: { branch: { value: 'main' } },
    rollbackPlan: 'revert', riskFlags: [], environment: i % 3 === 0 ? 'Pröd' : 'production',
  };
  const text = serializeEntry(record);
  // Some lines hold a createdAt of 24 characters with an escape in it, as a hand edit may write it.
  return escapedTime ? text.replace(/"createdAt":"[^"]*"/, '"createdAt":"2025-01-01T0\\u0035:00:00"') : text;
}

describe('skimLine over a big block (linear)', () => {
  it('passes over each character of the block a few times at most, however many lines it holds', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => line(i, i % 500 === 7));
    const text = Buffer.from(`${lines.join('\n')}\n`, 'utf8').toString('latin1');
    let scanned = 0;
    let searches = 0;
    const { indexOf, lastIndexOf } = String.prototype;
    const count = (from: number, found: number, forward: boolean) => {
      searches++;
      scanned += forward ? (found < 0 ? text.length : found) - from : from - Math.max(found, 0);
    };
    String.prototype.indexOf = function (this: string, search: string, position?: number) {
      const found = indexOf.call(this, search, position);
      if (this === text) count(position ?? 0, found, true);
      return found;
    };
    String.prototype.lastIndexOf = function (this: string, search: string, position?: number) {
      const found = lastIndexOf.call(this, search, position);
      if (this === text) count(position ?? text.length, found, false);
      return found;
    };
    const keys = new EntryKeys();
    let skimmed = 0;
    try {
      for (let start = 0; start < text.length; ) {
        const end = indexOf.call(text, '\n', start);
        if (skimLine(text, start, end, keys)) skimmed++;
        start = end + 1;
      }
    } finally {
      String.prototype.indexOf = indexOf;
      String.prototype.lastIndexOf = lastIndexOf;
    }
    assert.equal(skimmed, lines.length, 'every line skimmed');
    assert.ok(searches > lines.length, `the skimmer searched (${searches} searches)`);
    assert.ok(scanned <= 3 * text.length, `the searches passed over ${scanned} characters of a ${text.length}-character block`);
  });
});
