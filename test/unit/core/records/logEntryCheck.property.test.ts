import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { describeIssues } from '../../../../src/core/records/changeLogReader';
import { logEntrySchema } from '../../../../src/core/records/changeRecord';
import { checkLogEntry, compiledLogEntrySchema } from '../../../../src/core/records/logEntryCheck';
import { changeRecord, deploymentRecord, incidentRecord } from '../../../helpers/memoryLogIndex';
// @ts-expect-error: a plain ES module shared with the UI check and the bench
import { boardEntries } from '../../../fixtures/board/boardLog.mjs';

// Every log line is checked by zod's compiled parser of the entry schema once a process has read
// enough of them (logEntryCheck.ts). It must say what the schema says: valid or not, the same
// output, and the same first issue (the problem message names its field), for entries as written
// and for every kind of damage a hand edit or another tool leaves.

const samples: unknown[] = [
  ...(boardEntries({ days: 12, perDay: 2 }) as unknown[]),
  changeRecord({ createdAt: '2026-11-02T10:00:00.000Z', supersedes: '01JB0000000000000000000001', origin: 'manual', changedAt: '2026-11-01T10:00:00.000Z' }),
  deploymentRecord({ createdAt: '2026-11-02T10:00:00.000Z', commit: 'a'.repeat(40), kind: 'rollback', rollsBack: '01JB0000000000000000000002' }),
  incidentRecord({ createdAt: '2026-11-02T10:00:00.000Z', cause: { kind: 'change', change: '01JB0000000000000000000003' } }),
];

/** A value of another type, or a string where a number or time belongs. */
const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.string({ maxLength: 12 }), fc.boolean(), fc.constant([]), fc.constant({}), fc.constant('2026-13-45T99:00:00Z'), fc.constant('01JB'));

type Damage = { kind: 'set' | 'drop'; path: number[]; value: unknown } | { kind: 'extra'; key: string; value: unknown };
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), value: junk }),
  fc.record({ kind: fc.constant('drop' as const), path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), value: fc.constant(undefined) }),
  fc.record({ kind: fc.constant('extra' as const), key: fc.string({ maxLength: 8 }), value: junk }),
);

/** `entry` with the damage done at the path (each number picks a key or an index of what is there). */
function damaged(entry: unknown, d: Damage): unknown {
  const copy = JSON.parse(JSON.stringify(entry)) as Record<string, unknown>;
  if (d.kind === 'extra') {
    copy[d.key] = d.value;
    return copy;
  }
  let at: Record<string, unknown> | unknown[] = copy;
  for (const [i, n] of d.path.entries()) {
    const keys = Array.isArray(at) ? at.map((_, k) => k) : Object.keys(at);
    if (keys.length === 0) return copy;
    const key = keys[n % keys.length];
    const inner = (at as Record<string | number, unknown>)[key];
    if (i === d.path.length - 1 || inner === null || typeof inner !== 'object') {
      if (d.kind === 'drop') {
        if (Array.isArray(at)) at.splice(key as number, 1);
        else delete (at as Record<string, unknown>)[key as string];
      } else (at as Record<string | number, unknown>)[key] = d.value;
      return copy;
    }
    at = inner as Record<string, unknown> | unknown[];
  }
  return copy;
}

describe('the compiled log entry check (property)', () => {
  it('says what logEntrySchema says of any entry, damaged or not: the verdict, the output, the problem message', () => {
    const compiled = compiledLogEntrySchema();
    let invalid = 0;
    fc.assert(
      fc.property(fc.nat(samples.length - 1), fc.array(damage, { maxLength: 3 }), (which, damages) => {
        const input = damages.reduce((e, d) => damaged(e, d), samples[which]);
        const expected = logEntrySchema.safeParse(input);
        const got = compiled.safeParse(input);
        assert.equal(got.success, expected.success);
        if (expected.success && got.success) assert.deepEqual(got.data, expected.data);
        else if (!expected.success && !got.success) {
          invalid++;
          assert.equal(describeIssues(got.error.issues, input), describeIssues(expected.error.issues, input));
        }
      }),
      { numRuns: 3000 },
    );
    assert.ok(invalid > 500, `damaged entries compared (${invalid})`);
  });

  it('checkLogEntry answers as the schema before and after it switches to the compiled parser', () => {
    for (let i = 0; i < 2_100; i++) {
      const input = i % 3 === 0 ? { ...(samples[i % samples.length] as object), version: 'one' } : samples[i % samples.length];
      assert.equal(checkLogEntry(input).success, logEntrySchema.safeParse(input).success, `line ${i}`);
    }
  });
});
