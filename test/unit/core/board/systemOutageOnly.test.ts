import * as assert from 'node:assert/strict';
import { buildBoard } from '../../../../src/core/board/boardData';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { keyMetrics } from '../../../../src/core/metrics/keyMetrics';
import { monthPeriod } from '../../../../src/core/metrics/periods';
import { change, deployment, incident } from '../../../fixtures/metrics/metricsFixtures';

// The board left out a system's metrics for a period with no deployment and no change, to keep its
// data small: a system that only had an outage (or only a rollback) that month showed "No data"
// on the Metrics page, while `metrics --system` gave its uptime and time to restore.

const NOW = Date.parse('2026-12-15T00:00:00Z');
const config = teamConfigSchema.parse({ environments: ['production'], systems: [{ name: 'Billing', paths: ['b/**'] }, { name: 'Search', paths: ['s/**'] }], freeze: { timeZone: 'UTC' } });

describe('board metrics: a system with only an outage or a rollback in the period', () => {
  it('has its row, with the uptime and time to restore metrics gives', () => {
    const c = change({ at: '2026-10-10T09:00:00Z', system: 'Search' });
    const d = deployment('2026-10-11T10:00:00Z', [c]);
    const rollback = deployment('2026-11-20T10:00:00Z', [c], { kind: 'rollback', rollsBack: d.id });
    const outage = incident({ detectedAt: '2026-11-05T10:00:00Z', resolvedAt: '2026-11-05T16:00:00Z', systems: ['Billing'] });
    const input = { deployments: [d, rollback], changes: [c], incidents: [outage], now: NOW };
    const { index } = buildBoard({ entries: [c, d, rollback, outage], config, sources: [], now: NOW, timeZone: 'UTC' });
    const row = (system: string) => index.metrics.find((m) => m.kind === 'month' && m.period === '2026-11' && m.environment === 'production' && m.system === system);
    const billing = row('Billing');
    assert.ok(billing, 'Billing had an outage in November');
    const expected = keyMetrics(input, monthPeriod('2026-11', 'UTC'), { environment: 'production', system: 'Billing' });
    assert.equal(billing.uptime.value, expected.uptime.value);
    assert.ok((billing.uptime.value ?? 1) < 1);
    assert.equal(billing.timeToRestore.value, 6 * 3_600_000);
    const search = row('Search');
    assert.ok(search, 'Search was rolled back in November');
    assert.equal(search.rollbacks, 1);
    // A system with nothing in the period still has no row.
    assert.equal(index.metrics.some((m) => m.kind === 'month' && m.period === '2026-09' && m.system !== undefined), false);
  });
});
