import * as assert from 'node:assert/strict';
import { keyMetrics } from '../../../../src/core/metrics/keyMetrics';
import { monthPeriod, weekPeriod } from '../../../../src/core/metrics/periods';
import { change, deployment, incident } from '../../../fixtures/metrics/metricsFixtures';

const H = 3_600_000;
const NOW = Date.parse('2026-12-05T12:00:00Z');

// November 2026 in production, computed by hand in the comments.
function november() {
  const c1 = change({ at: '2026-11-02T09:00:00Z', sha: 'a1', system: 'Billing' }); // lead 24 h
  const c2 = change({ at: '2026-11-09T09:00:00Z', sha: 'b1', system: 'Billing', rollbackPlan: '', freezeOverride: { reason: 'hotfix', by: { name: 'Ana', email: 'a@x' } } }); // lead 2 h
  const c3 = change({ at: '2026-11-16T09:00:00Z', sha: 'c1', system: 'Search' }); // lead 48 h
  const c4 = change({ at: '2026-11-17T09:00:00Z', sha: 'd1', system: 'Search' }); // lead 1 h
  const s1 = deployment('2026-11-01T12:00:00Z', [c1], { environment: 'staging' });
  const d1 = deployment('2026-11-02T10:00:00Z', [c1]);
  const d2 = deployment('2026-11-09T10:00:00Z', [c2]);
  const r1 = deployment('2026-11-09T11:00:00Z', [], { kind: 'rollback', rollsBack: d2.id }); // d2 failed, restored after 1 h
  const d3 = deployment('2026-11-16T10:00:00Z', [c3]); // failed: cause of i1; restored by d4 after 24 h
  const d4 = deployment('2026-11-17T10:00:00Z', [c4]);
  const d5 = deployment('2026-11-20T10:00:00Z', []); // a deployment with no changes
  const i1 = incident({ detectedAt: '2026-11-16T12:00:00Z', resolvedAt: '2026-11-16T14:00:00Z', systems: ['Search'], cause: { kind: 'change', change: c3.id } }); // 2 h
  const i2 = incident({ detectedAt: '2026-11-25T00:00:00Z', resolvedAt: '2026-11-25T06:00:00Z', impact: 'degraded' }); // no cause; 6 h
  const i3 = incident({ detectedAt: '2026-11-16T13:00:00Z', resolvedAt: '2026-11-16T15:00:00Z', systems: ['Search'] }); // overlaps i1: outage 12:00-15:00
  const commitTimes = new Map([
    ['a1', Date.parse('2026-11-01T10:00:00Z')],
    ['b1', Date.parse('2026-11-09T08:00:00Z')],
    ['c1', Date.parse('2026-11-14T10:00:00Z')],
    ['d1', Date.parse('2026-11-17T09:00:00Z')],
  ]);
  return { changes: [c1, c2, c3, c4], deployments: [s1, d1, d2, r1, d3, d4, d5], incidents: [i1, i2, i3], commitTimes, now: NOW };
}

describe('key metrics', () => {
  it('computes the four key metrics, uptime and risk counts of a month by hand', () => {
    const m = keyMetrics(november(), monthPeriod('2026-11', 'UTC'), { environment: 'production' });
    assert.equal(m.deployments, 5, 'd1-d5; the rollback and the staging deployment are not counted');
    assert.equal(m.rollbacks, 1);
    assert.equal(m.failedDeployments, 2, 'd2 rolled back, d3 caused an incident');
    assert.ok(Math.abs((m.deploymentFrequency.value as number) - 5 / (30 / 7)) < 1e-9);
    assert.equal(m.deploymentFrequency.band, 'high');
    assert.equal(m.changeFailureRate.value, 0.4);
    assert.equal(m.changeFailureRate.band, 'low');
    assert.equal(m.changeFailureRate.note, undefined, 'five deployments are enough for a rate');
    assert.equal(m.timeToRestore.value, 2 * H, 'median of 1, 2, 2, 6 and 24 hours');
    assert.equal(m.timeToRestore.sample, 5);
    assert.equal(m.timeToRestore.band, 'high');
    assert.equal(m.leadTime.value, 13 * H, 'median of 1, 2, 24 and 48 hours');
    assert.equal(m.leadTime.band, 'elite');
    assert.ok(Math.abs((m.uptime.value as number) - (1 - 3 / 720)) < 1e-12, 'overlapping outages 12:00-15:00 count once; the degraded incident not at all');
    assert.equal(m.changes, 4);
    assert.equal(m.changesWithoutRollbackPlan, 1);
    assert.equal(m.freezeOverrides, 1);
  });

  it('narrows to one system and says when a rate rests on too few deployments', () => {
    const m = keyMetrics(november(), monthPeriod('2026-11', 'UTC'), { environment: 'production', system: 'billing' });
    assert.equal(m.deployments, 2);
    assert.equal(m.changeFailureRate.value, 0.5);
    assert.match(m.changeFailureRate.note ?? '', /only 2 deployments/);
    assert.equal(m.uptime.value, 1, 'no Billing incident');
    assert.equal(m.timeToRestore.value, 1 * H);
  });

  it('gives a month with no deployments no rate, and says why', () => {
    const m = keyMetrics(november(), monthPeriod('2026-10', 'UTC'), { environment: 'production' });
    assert.equal(m.deployments, 0);
    assert.equal(m.deploymentFrequency.value, 0);
    assert.equal(m.deploymentFrequency.note, 'no deployments in this period');
    assert.equal(m.changeFailureRate.value, null);
    assert.equal(m.leadTime.value, null);
    assert.equal(m.uptime.value, 1);
  });

  it('measures a period still running over the part that has passed, as uptime is', () => {
    // 2026-11-03 12:00: two days and a half of November have passed; d1 went live on the 2nd.
    const now = Date.parse('2026-11-03T12:00:00Z');
    const log = november();
    const past = { ...log, deployments: log.deployments.filter((d) => Date.parse(d.createdAt) < now), incidents: [], now };
    const m = keyMetrics(past, monthPeriod('2026-11', 'UTC'), { environment: 'production' });
    assert.equal(m.deployments, 1);
    assert.ok(Math.abs((m.deploymentFrequency.value as number) - 1 / (2.5 / 7)) < 1e-9, `1 in 2.5 days is 2.8 a week, not ${m.deploymentFrequency.value}`);
    assert.match(m.deploymentFrequency.note ?? '', /the period is not over: 1 deployment in its first 2\.5 days/);
    const ahead = keyMetrics(past, monthPeriod('2026-12', 'UTC'), { environment: 'production' });
    assert.equal(ahead.deploymentFrequency.value, null, 'a period that has not started has no frequency');
    assert.equal(ahead.deploymentFrequency.note, 'the period has not started');
  });

  it('keeps environments apart', () => {
    const m = keyMetrics(november(), monthPeriod('2026-11', 'UTC'), { environment: ' Staging ' });
    assert.equal(m.deployments, 1);
    assert.equal(m.failedDeployments, 0);
    assert.equal(m.uptime.value, 1);
  });

  it('puts a deployment late on 30 November UTC into December in Madrid', () => {
    const input = november();
    input.deployments.push(deploymentAt('2026-11-30T23:30:00Z'));
    const utc = keyMetrics(input, monthPeriod('2026-11', 'UTC'), { environment: 'production' });
    const madrid = keyMetrics(input, monthPeriod('2026-11', 'Europe/Madrid'), { environment: 'production' });
    assert.equal(utc.deployments, 6);
    assert.equal(madrid.deployments, 5);
  });

  it('counts an open outage as down until now, and an unresolved incident restores nothing', () => {
    const input = { ...november(), incidents: [incident({ detectedAt: '2026-11-30T12:00:00Z' })], now: Date.parse('2026-11-30T18:00:00Z') };
    const m = keyMetrics(input, monthPeriod('2026-11', 'UTC'), { environment: 'production' });
    const elapsed = Date.parse('2026-11-30T18:00:00Z') - Date.parse('2026-11-01T00:00:00Z');
    assert.ok(Math.abs((m.uptime.value as number) - (1 - (6 * H) / elapsed)) < 1e-12);
    assert.equal(m.timeToRestore.sample, 1, 'only the rolled-back d2 was restored: without i1 nothing names d3 as a cause');
  });

  it('marks a deployment as failed when a later deployed change reverts one of its commits', () => {
    const input = november();
    const revert = change({ at: '2026-11-21T09:00:00Z', commits: [{ sha: 'e1', subject: 'Revert "Subject of a1"' }] });
    input.changes.push(revert);
    input.deployments.push(deploymentAt('2026-11-21T10:00:00Z', [revert]));
    const m = keyMetrics(input, weekPeriod('2026-W45', 'UTC'), { environment: 'production' });
    assert.equal(m.period.start, Date.parse('2026-11-02T00:00:00Z'), 'ISO week 45 of 2026 starts on Monday 2 November');
    assert.equal(m.deployments, 1, 'd1 only');
    assert.equal(m.failedDeployments, 1, 'd1 was reverted on 21 November');
    assert.equal(keyMetrics(november(), weekPeriod('2026-W45', 'UTC'), { environment: 'production' }).failedDeployments, 0, 'without the revert d1 stands');
  });
});

function deploymentAt(at: string, records: Parameters<typeof deployment>[1] = []) {
  return deployment(at, records);
}
