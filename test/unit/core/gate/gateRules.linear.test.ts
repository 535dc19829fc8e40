import * as assert from 'node:assert/strict';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { evaluateGate } from '../../../../src/core/gate/gateRules';
import type { ChangeRecord } from '../../../../src/core/records/changeRecord';
import { changeRecord } from '../../../helpers/memoryLogIndex';

// A first deployment, or a gate.since far back, puts tens of thousands of commits in the range, and
// as many change records. Finding each commit's records by scanning every record took 40 s for
// 20,000 commits (quadratic). This counts how often the rule reads a record's commits, without timing.

const config = teamConfigSchema.parse({ environments: ['production'], systems: [{ name: 'Billing', paths: ['billing/**'] }] });
const sha = (i: number) => `${(i * 2654435761 % 4294967296).toString(16).padStart(8, '0')}${i.toString(16).padStart(32, '0')}`;

describe('the records rule over a big range (linear)', () => {
  it('reads each record a few times at most, however many commits there are, and still matches full and abbreviated shas', () => {
    const n = 3000;
    const commits = Array.from({ length: n }, (_, i) => ({ sha: sha(i), subject: `change ${i}`, files: ['billing/x.ts'] }));
    let reads = 0;
    const records: ChangeRecord[] = commits.slice(1).map((c, i) => {
      const r = changeRecord({ createdAt: '2026-11-30T10:00:00.000Z', commits: [{ sha: i % 2 === 0 ? c.sha : c.sha.slice(0, 9), subject: c.subject }], rollbackPlan: i === 5 ? '' : 'revert' });
      const own = r.commits;
      return Object.defineProperty({ ...r }, 'commits', { get: () => (reads++, own), enumerable: true }) as ChangeRecord;
    });
    const [rule] = evaluateGate({ environment: 'production', target: commits[0].sha, commits, records, undeployed: [] }, config).filter((r) => r.rule === 'records');
    assert.deepEqual(rule.commits, [commits[0].sha, commits[6].sha], 'the commit without a record, and the one whose record has no rollback plan');
    assert.ok(reads <= 3 * records.length, `${reads} reads of ${records.length} records' commits`);
  });
});
