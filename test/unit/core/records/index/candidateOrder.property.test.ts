import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { candidatesOf } from '../../../../../src/core/records/index/candidateOrder';
import type { IndexQuery } from '../../../../../src/core/records/index/changeLogIndex';
import { EntryKeys, KEY, KINDS, keyHash } from '../../../../../src/core/records/index/entryKeys';
import { EntryTable } from '../../../../../src/core/records/index/entryTable';

// candidatesOf gives a limited newest-first question its candidates in parts found walking back
// from the log's end, stopping early; answerOf sorts each part and reads them in turn. Over tables
// long enough for the walk to stop (more than the 256 a part keeps at least), with times mostly in
// order, jittered, repeated, unreadable, or two logs merged, the parts sorted and joined must be
// exactly every matching entry in newest-first order.

const START = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;
const ENVIRONMENTS = ['production', 'staging'];

const shape = fc.constantFrom('in order', 'jittered', 'merged', 'shuffled');
const row = fc.record({ kind: fc.integer({ min: 0, max: 2 }), env: fc.integer({ min: 0, max: 1 }), jitter: fc.integer({ min: -30, max: 30 }), unreadable: fc.integer({ min: 0, max: 40 }) });

function tableOf(rows: readonly { kind: number; env: number; jitter: number; unreadable: number }[], how: string): { table: EntryTable; times: number[] } {
  const table = new EntryTable();
  const keys = new EntryKeys();
  const times = rows.map((r, n) => {
    if (r.unreadable === 0) return Number.NaN;
    if (how === 'in order') return START + Math.floor(n / 3) * MINUTE; // runs of equal times
    if (how === 'jittered') return START + (n + r.jitter) * MINUTE;
    if (how === 'merged') return START + (n % 2 === 0 ? n : n - rows.length / 2) * MINUTE; // two clones' lines interleaved
    return START + ((n * 7919) % rows.length) * MINUTE;
  });
  rows.forEach((r, n) => {
    // The entries per kind are found when first asked and kept up as the table grows: ask halfway.
    if (n === rows.length >> 1) table.entriesOfKind(0);
    keys.reset();
    keys.kind = r.kind;
    keys.time = times[n];
    keys.push(KEY.environment, keyHash('environment', ENVIRONMENTS[r.env]));
    table.add(keys, n * 100, 99, n + 1);
  });
  return { table, times };
}

describe('candidatesOf: a limited newest-first question (property)', () => {
  it('gives parts that, each sorted, are every match newest first', () => {
    let stoppedEarly = 0;
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 300, maxLength: 3000, size: 'max' }),
        shape,
        fc.record({ schema: fc.constantFrom(undefined, ...KINDS), environment: fc.constantFrom(undefined, ...ENVIRONMENTS), limit: fc.integer({ min: 1, max: 60 }), since: fc.option(fc.integer({ min: 0, max: 800 }), { nil: undefined }), until: fc.option(fc.integer({ min: 200, max: 3000 }), { nil: undefined }) }),
        (rows, how, q) => {
          const { table, times } = tableOf(rows, how);
          const query: IndexQuery = { limit: q.limit, ...(q.schema ? { schema: q.schema } : {}), ...(q.environment ? { environment: q.environment } : {}), ...(q.since !== undefined ? { since: START + q.since * MINUTE } : {}), ...(q.until !== undefined ? { until: START + q.until * MINUTE } : {}) };
          const time = (n: number) => (Number.isNaN(times[n]) ? -Infinity : times[n]);
          const order = (a: number, b: number) => time(b) - time(a) || b - a;
          const parts = [...candidatesOf(table, query)];
          if (parts.length > 1) stoppedEarly++;
          const got = parts.flatMap((part) => [...part].sort(order));
          const expected = rows
            .map((r, n) => ({ r, n }))
            .filter(({ r, n }) => (q.schema === undefined || r.kind === KINDS.indexOf(q.schema)) && (q.environment === undefined || ENVIRONMENTS[r.env] === q.environment) && (query.since === undefined || times[n] >= query.since) && (query.until === undefined || times[n] < query.until))
            .map(({ n }) => n)
            .sort(order);
          assert.deepEqual(got, expected);
          // And it stops early where it can: in a log in time order the first part is the newest few, not everything.
          if (how === 'in order' && expected.length > 2 * 256 + 3) assert.ok(parts[0].length < expected.length, `first part ${parts[0].length} of ${expected.length}`);
        },
      ),
      // A counterexample of thousands of rows is not shrunk (that would take minutes): it is printed as found.
      { numRuns: 200, endOnFailure: true },
    );
    assert.ok(stoppedEarly > 20, `the walk stopped early in ${stoppedEarly} of 200 runs`);
  });
});
