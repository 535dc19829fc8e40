import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { FactTable } from '../../../../src/core/board/factTable';
import { deriveFromFacts } from '../../../../src/core/board/factMetrics';
import { failedDeployments, lastGoodDeployment } from '../../../../src/core/incidents/lastGoodDeployment';
import { silentLogger } from '../../../../src/core/log';
import { deploymentOutcomes, latestIncidents } from '../../../../src/core/metrics/deploymentOutcomes';
import { serializeEntry } from '../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { LogIndex } from '../../../../src/core/records/index/logIndex';
import { changeRecord, deploymentRecord, incidentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';

// One history of an environment: changes (some amending an earlier one, some reverting a subject),
// deployments carrying them, rollbacks and incidents blaming a deployment or a change in any version.
const SUBJECTS = ['Fix login', 'Speed up search', 'Retry cards', 'Revert "Fix login"', 'Revert "Retry cards"'];
type Step =
  | { kind: 'change'; subjects: string[]; amends: number | undefined }
  | { kind: 'deploy'; carries: number[] }
  | { kind: 'rollback'; of: number }
  | { kind: 'incident'; blames: 'deployment' | 'change'; which: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('change' as const), subjects: fc.subarray(SUBJECTS, { minLength: 1, maxLength: 2 }), amends: fc.option(fc.nat(), { nil: undefined }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('deploy' as const), carries: fc.array(fc.nat(), { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollback' as const), of: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('incident' as const), blames: fc.constantFrom('deployment' as const, 'change' as const), which: fc.nat() }) },
);

function history(steps: readonly Step[]): { entries: LogEntry[]; deployments: DeploymentRecord[]; changes: ChangeRecord[]; incidents: IncidentRecord[] } {
  const entries: LogEntry[] = [];
  const changes: ChangeRecord[] = [];
  const deployments: DeploymentRecord[] = [];
  const incidents: IncidentRecord[] = [];
  steps.forEach((s, i) => {
    const createdAt = new Date(Date.UTC(2026, 10, 1) + i * 3_600_000).toISOString();
    const pick = <T>(xs: readonly T[], n: number) => (xs.length > 0 ? xs[n % xs.length] : undefined);
    if (s.kind === 'change') {
      const amended = s.amends === undefined ? undefined : pick(changes, s.amends);
      const c = changeRecord({ createdAt, commits: s.subjects.map((subject, k) => ({ sha: `${String(i).padStart(4, '0')}${k}abcdef`, subject })), ...(amended ? { supersedes: amended.id } : {}) });
      changes.push(c);
      entries.push(c);
    } else if (s.kind === 'deploy' || s.kind === 'rollback') {
      const target = s.kind === 'rollback' ? pick(deployments, s.of) : undefined;
      if (s.kind === 'rollback' && !target) return;
      const records = s.kind === 'deploy' ? [...new Set(s.carries.map((n) => pick(changes, n)?.id).filter((id): id is string => id !== undefined))] : [];
      const d = deploymentRecord({ createdAt, commit: `${String(i).padStart(7, '0')}`.repeat(5).slice(0, 40), records, ...(target ? { kind: 'rollback' as const, rollsBack: target.id } : {}) });
      deployments.push(d);
      entries.push(d);
    } else {
      const blamed = s.blames === 'deployment' ? pick(deployments, s.which)?.id : pick(changes, s.which)?.id;
      if (!blamed) return;
      const incident = incidentRecord({ createdAt, status: 'resolved', cause: s.blames === 'deployment' ? { kind: 'deployment', deployment: blamed } : { kind: 'change', change: blamed } });
      incidents.push(incident);
      entries.push(incident);
    }
  });
  return { entries, deployments, changes, incidents };
}

describe('one notion of a failed deployment: the rollback path and the board agree with the metrics', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-failures-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('failedDeployments (read through the index) equals deploymentOutcomes (the whole history in memory)', async () => {
    let run = 0;
    const seen = { failed: 0, byRevert: 0, byAmendedCause: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
        const h = history(steps);
        const outcomes = deploymentOutcomes(h.deployments, h.changes, latestIncidents(h.incidents));
        const expected = outcomes.filter((o) => o.failures.length > 0).map((o) => o.deployment.id).sort();
        if (expected.length > 0) seen.failed++;
        if (outcomes.some((o) => o.failures.includes('reverted'))) seen.byRevert++;
        if (h.incidents.some((i) => h.changes.some((c) => c.supersedes !== undefined && (c.id === i.cause?.change || c.supersedes === i.cause?.change)))) seen.byAmendedCause++;
        const path = join(dir, `log-${run++}.jsonl`);
        writeFileSync(path, h.entries.map((e) => `${serializeEntry(e)}\n`).join(''));
        const facts = new FactTable((at) => new Date(at).toISOString().slice(0, 7));
        for (const e of h.entries) facts.add(e);
        const board = deriveFromFacts(facts, { now: Date.UTC(2026, 11, 1), periods: [], timeZone: 'UTC' });
        assert.deepEqual([...board.failures].filter(([, why]) => why.length > 0).map(([id]) => id).sort(), expected, 'the board (facts)');
        for (const index of [memoryLogIndex(h.entries), new LogIndex(path, silentLogger)]) {
          assert.deepEqual([...(await failedDeployments(index, h.deployments))].sort(), expected);
          const newestFirst = [...h.deployments].reverse();
          const good = await lastGoodDeployment(index, newestFirst);
          assert.equal(good?.id, newestFirst.find((d) => !expected.includes(d.id))?.id);
        }
      }),
      // 400 runs: a revert case comes up in ~7% of them, so fewer than 6 is a one-in-millions seed, not a flaky one.
      { numRuns: 400 },
    );
    for (const [what, count] of Object.entries(seen)) assert.ok(count > 5, `only ${count} runs covered ${what}`);
  });
});
