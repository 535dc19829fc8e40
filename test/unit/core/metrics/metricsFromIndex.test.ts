import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../../src/core/log';
import { keyMetrics, type MetricsInput } from '../../../../src/core/metrics/keyMetrics';
import { latestIncidents } from '../../../../src/core/metrics/deploymentOutcomes';
import { metricsInputFromIndexes } from '../../../../src/core/metrics/metricsFromIndex';
import { monthPeriod } from '../../../../src/core/metrics/periods';
import { serializeEntry } from '../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { openChangeLogIndex } from '../../../../src/core/records/index/openChangeLogIndex';
import { change, deployment, incident } from '../../../fixtures/metrics/metricsFixtures';

const NOW = Date.parse('2027-03-01T00:00:00Z');
const NOVEMBER = monthPeriod('2026-11', 'UTC');

/** November 2026, where most outcomes are decided by entries written after the month. */
function history() {
  const c0 = change({ at: '2026-10-20T09:00:00Z', sha: 'a0a0a0a0', system: 'Billing' });
  const dPrev = deployment('2026-10-25T10:00:00Z', [c0]); // c0's first deployment: its lead time is October's
  const c1 = change({ at: '2026-11-02T09:00:00Z', sha: 'a1a1a1a1', system: 'Billing' });
  const d1 = deployment('2026-11-03T10:00:00Z', [c0, c1]);
  const c2 = change({ at: '2026-11-10T09:00:00Z', sha: 'a2a2a2a2', system: 'Billing' });
  const d2 = deployment('2026-11-28T10:00:00Z', [c2]);
  const r2 = deployment('2026-12-02T10:00:00Z', [], { kind: 'rollback', rollsBack: d2.id }); // after the month: d2 failed
  const c3 = change({ at: '2026-11-12T09:00:00Z', sha: 'a3a3a3a3', system: 'Search' });
  const d3 = deployment('2026-11-29T10:00:00Z', [c3]);
  const i3 = incident({ detectedAt: '2026-12-03T08:00:00Z', resolvedAt: '2026-12-03T09:00:00Z', cause: { kind: 'deployment', deployment: d3.id } });
  const c4 = change({ at: '2026-11-14T09:00:00Z', commits: [{ sha: 'a4a4a4a4', subject: 'Tax table' }], system: 'Billing' });
  const d4 = deployment('2026-11-30T10:00:00Z', [c4]);
  const c5 = change({ at: '2026-12-04T09:00:00Z', commits: [{ sha: 'a5a5a5a5', subject: 'Revert "Tax table"' }], system: 'Billing' });
  const d5 = deployment('2026-12-05T10:00:00Z', [c5]); // reverts d4's commit, after the month
  const c6 = change({ at: '2026-11-20T09:00:00Z', sha: 'a6a6a6a6', system: 'Billing' });
  const d6 = deployment('2026-11-21T10:00:00Z', [c6]);
  const c6b = { ...change({ at: '2026-12-01T09:00:00Z', sha: 'a6a6a6a6', system: 'Search' }), supersedes: c6.id }; // amended after the month
  const c7 = change({ at: '2026-11-22T09:00:00Z', sha: 'a7a7a7a7', system: 'Search' });
  const c7b = { ...change({ at: '2026-12-10T09:00:00Z', sha: 'a7a7a7a7', system: 'Search', rollbackPlan: '' }), supersedes: c7.id };
  const d7 = deployment('2026-12-11T10:00:00Z', [c7b]); // carried after the month, amended: c7 no longer counts
  const manual = change({ at: '2026-12-02T09:00:00Z', changedAt: '2026-11-25T09:00:00Z', origin: 'manual', rollbackPlan: '' }); // recorded late
  const s1 = deployment('2026-11-20T10:00:00Z', [c1], { environment: 'staging' });
  const iS = incident({ detectedAt: '2026-11-20T11:00:00Z', resolvedAt: '2026-11-20T12:00:00Z', environment: 'staging', cause: { kind: 'deployment', deployment: s1.id } });
  const s2 = deployment('2027-02-01T10:00:00Z', [], { environment: 'staging' }); // restores s1, long after the lookahead
  const open = incident({ detectedAt: '2026-10-30T00:00:00Z', systems: ['Search'] }); // still down: November's uptime
  const late = incident({ detectedAt: '2026-10-31T00:00:00Z', systems: ['Billing'] });
  const lateFixed = { ...incident({ detectedAt: '2026-10-31T00:00:00Z', resolvedAt: '2026-11-02T00:00:00Z', systems: ['Billing'] }), incidentId: late.incidentId, createdAt: '2026-11-02T00:00:00Z', supersedes: late.id };
  const december = deployment('2026-12-20T10:00:00Z', [c1]);
  const entries: LogEntry[] = [c0, dPrev, c1, d1, c2, c3, c4, c6, d6, s1, iS, c7, manual, d2, d3, d4, r2, c6b, i3, c5, d5, c7b, d7, december, s2, open, late, lateFixed];
  const commitTimes = new Map(['a0a0a0a0', 'a1a1a1a1', 'a2a2a2a2', 'a3a3a3a3', 'a4a4a4a4', 'a6a6a6a6', 'a7a7a7a7'].map((sha, i) => [sha, Date.parse('2026-10-01T00:00:00Z') + i * 86_400_000]));
  return { entries, commitTimes, d2, d3, d4, s1 };
}

function wholeInput(entries: readonly LogEntry[], commitTimes: ReadonlyMap<string, number>): MetricsInput {
  return {
    deployments: entries.filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment'),
    changes: entries.filter((e): e is ChangeRecord => e.schema === 'changetrail/change'),
    incidents: latestIncidents(entries.filter((e): e is IncidentRecord => e.schema === 'changetrail/incident')),
    commitTimes,
    now: NOW,
  };
}

describe('metrics read through the index', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-metrics-index-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const indexOf = (entries: readonly LogEntry[]) => {
    const path = join(dir, `log${n++}.jsonl`);
    writeFileSync(path, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
    return openChangeLogIndex(path, { logger: silentLogger, persist: false });
  };

  it('gives the same numbers as every entry of the log, with outcomes decided after the month', async () => {
    const { entries, commitTimes } = history();
    const read = await metricsInputFromIndexes([indexOf(entries)], NOVEMBER, ['production', 'staging'], { leadTimes: true });
    const input = { ...read, incidents: latestIncidents(read.incidents), commitTimes, now: NOW };
    const whole = wholeInput(entries, commitTimes);
    for (const environment of ['production', 'Staging']) {
      for (const system of [undefined, 'Billing', 'Search']) {
        assert.deepEqual(keyMetrics(input, NOVEMBER, { environment, system }), keyMetrics(whole, NOVEMBER, { environment, system }), `${environment} ${system}`);
      }
    }
    const production = keyMetrics(input, NOVEMBER, { environment: 'production' });
    assert.equal(production.deployments, 5);
    assert.equal(production.failedDeployments, 3, 'd2 rolled back, d3 caused an incident, d4 reverted: all decided in December');
    assert.equal(production.changes, 5, 'c6 and c7 were amended in December (their amendments count then); the manual change made in November counts');
    assert.equal(production.leadTime.sample, 5, 'c0 went to production in October first');
    const staging = keyMetrics(input, NOVEMBER, { environment: 'staging' });
    assert.equal(staging.failedDeployments, 1);
    assert.ok((staging.timeToRestore.value ?? 0) > 30 * 86_400_000, 'the median of 1 h (the incident) and s1 restored by the next staging deployment, in February');
    assert.equal(keyMetrics(input, NOVEMBER, { environment: 'production', system: 'Search' }).deployments, 2, "d6 carries c6, whose amendment names Search; d3");
  });

  it('reads several logs, keeping an entry found in two of them once', async () => {
    const { entries, commitTimes } = history();
    const half = Math.floor(entries.length / 2);
    // The operations repository aggregates two logs that both hold a copy of the middle entries.
    const a = indexOf(entries.slice(0, half + 4));
    const b = indexOf(entries.slice(half - 4));
    const read = await metricsInputFromIndexes([a, b], NOVEMBER, ['production', 'staging'], { leadTimes: true });
    const ids = [...read.deployments, ...read.changes, ...read.incidents].map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'each id once');
    const input = { ...read, incidents: latestIncidents(read.incidents), commitTimes, now: NOW };
    const whole = wholeInput(entries, commitTimes);
    for (const environment of ['production', 'staging']) assert.deepEqual(keyMetrics(input, NOVEMBER, { environment }), keyMetrics(whole, NOVEMBER, { environment }));
  });

  it('does not read the deployments of months after the lookahead', async () => {
    const { entries } = history();
    const read = await metricsInputFromIndexes([indexOf(entries)], NOVEMBER, ['production'], { leadTimes: false });
    assert.ok(read.deployments.every((d) => Date.parse(d.createdAt) < Date.parse('2027-01-01T00:00:00Z')), 'only up to 31 days after the month');
    assert.ok(!read.deployments.some((d) => d.environment === 'staging'), 'only the environments asked for');
  });
});
