import * as assert from 'node:assert/strict';
import { buildBoard } from '../../../../src/core/board/boardData';
import { dataScript } from '../../../../src/core/board/writeBoard';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { keyMetrics } from '../../../../src/core/metrics/keyMetrics';
import { monthPeriod, weekPeriod } from '../../../../src/core/metrics/periods';
import { type ChangeRecord, type DeploymentRecord, type IncidentRecord, logEntrySchema } from '../../../../src/core/records/changeRecord';
import { boardIndexSchema, boardMonthSchema } from '../../../../src/protocol/boardData';
// @ts-expect-error: a plain ES module shared with the UI check and the bench
import { boardEntries } from '../../../fixtures/board/boardLog.mjs';

const NOW = Date.parse('2026-11-30T06:00:00Z');

describe('change board data', () => {
  const entries = (boardEntries({ end: NOW, days: 90, perDay: 4 }) as unknown[]).map((e) => logEntrySchema.parse(e));
  const config = teamConfigSchema.parse({ environments: ['staging', 'production'], systems: [{ name: 'Billing', paths: ['billing/**'] }], freeze: { timeZone: 'Europe/Madrid' }, tickets: { urlTemplate: 'https://acme.atlassian.net/browse/{ticket}' } });
  const { index, months } = buildBoard({ entries, config, sources: [], now: NOW, timeZone: 'Europe/Madrid' });

  it('splits the changes and deployments per month in the team zone, newest first, and every document passes its schema', () => {
    assert.deepEqual(months.map((m) => m.key), ['2026-11', '2026-10', '2026-09']);
    for (const m of months) boardMonthSchema.parse(m);
    boardIndexSchema.parse(index);
    const changes = months.reduce((n, m) => n + m.changes.length, 0);
    assert.equal(changes, 90 * 4 + 13, 'every change record and manual change once');
    assert.deepEqual(index.months.map((m) => m.file), ['data/month-2026-11.js', 'data/month-2026-10.js', 'data/month-2026-09.js']);
  });

  it('links tickets, marks manual changes and failed deployments', () => {
    const all = months.flatMap((m) => m.changes);
    assert.equal(all.find((c) => c.tickets.length > 0)?.tickets[0].url?.startsWith('https://acme.atlassian.net/browse/OPS-'), true);
    assert.equal(all.filter((c) => c.manual).length, 13);
    const deployments = months.flatMap((m) => m.deployments);
    const rollbacks = deployments.filter((d) => d.rollback);
    assert.equal(rollbacks.length, 9);
    assert.ok(rollbacks.every((r) => deployments.find((d) => d.id === r.rollsBack)?.failures.includes('rolled back')));
  });

  it('carries metrics per week and month for each environment, and freeze windows to shade', () => {
    const weeks = index.metrics.filter((m) => m.kind === 'week' && m.environment === 'production' && !m.system);
    assert.equal(weeks.length, 26);
    const lastFull = weeks.at(-2);
    assert.equal(lastFull?.deployments, 7, 'a deployment a day');
    assert.ok(index.freezeWindows.some((w) => w.environment === 'production'), 'the default weekly window applies to production');
    assert.ok(!index.freezeWindows.some((w) => w.environment === 'staging'));
    assert.equal(index.incidents.length, 9);
  });

  it('writes data scripts that no text can break out of', () => {
    const script = dataScript({ ...months[0], changes: [{ ...months[0].changes[0], title: '</script><script>alert(1)</script>\u2028' }] });
    assert.ok(!script.includes('</script>'));
    assert.ok(!script.includes('\u2028'));
    const pushed: unknown[] = [];
    new Function('window', script)({ ChangeTrailBoard: pushed });
    assert.equal((pushed[0] as { changes: { title: string }[] }).changes[0].title, '</script><script>alert(1)</script>\u2028');
  });

  it('gives every period and scope the same metrics as keyMetrics over the whole log (the per-period slices lose nothing)', () => {
    // Commit times for a third of the changes, so lead time has numbers too.
    const commitTimes = new Map<string, number>();
    entries.forEach((e, i) => {
      if (e.schema === 'changetrail/change' && i % 3 === 0 && e.commits[0]) commitTimes.set(e.commits[0].sha, Date.parse(e.createdAt) - (i % 50) * 3_600_000);
    });
    // Deployments and changes on the first and last millisecond of months and weeks, where a slice that is off by any amount shows.
    const edges: typeof entries = [];
    const sample = entries.find((e): e is ChangeRecord => e.schema === 'changetrail/change') as ChangeRecord;
    for (const key of ['2026-09', '2026-10', '2026-11', '2026-W40', '2026-W44', '2026-W47']) {
      const p = key.includes('W') ? weekPeriod(key, 'Europe/Madrid') : monthPeriod(key, 'Europe/Madrid');
      for (const at of [p.start, p.end - 1]) {
        const n = edges.length;
        const c = { ...sample, id: `01JBEDGE${String(n).padStart(18, '0')}`, createdAt: new Date(at).toISOString(), rollbackPlan: '' };
        edges.push(c, { schema: 'changetrail/deployment', version: 1, id: `01JBEDGD${String(n).padStart(18, '0')}`, createdAt: new Date(at).toISOString(), environment: 'production', commit: 'ab'.repeat(20), by: { name: 'CI', email: '' }, records: [c.id] });
      }
    }
    const all = [...entries, ...edges];
    const board = buildBoard({ entries: all, config, sources: [], commitTimes, now: NOW, timeZone: 'Europe/Madrid' });
    const input = {
      changes: all.filter((e): e is ChangeRecord => e.schema === 'changetrail/change'),
      deployments: all.filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment'),
      incidents: all.filter((e): e is IncidentRecord => e.schema === 'changetrail/incident'),
      commitTimes,
      now: NOW,
    };
    let compared = 0;
    let withLeadTime = 0;
    for (const m of board.index.metrics) {
      const period = m.kind === 'month' ? monthPeriod(m.period, 'Europe/Madrid') : weekPeriod(m.period, 'Europe/Madrid');
      const direct = keyMetrics(input, period, { environment: m.environment, system: m.system });
      assert.deepEqual(
        [m.deployments, m.rollbacks, m.failedDeployments, m.changes, m.changesWithoutRollbackPlan, m.freezeOverrides, m.deploymentFrequency.value, m.changeFailureRate.value, m.timeToRestore.value, m.leadTime.value, m.uptime.value],
        [direct.deployments, direct.rollbacks, direct.failedDeployments, direct.changes, direct.changesWithoutRollbackPlan, direct.freezeOverrides, direct.deploymentFrequency.value, direct.changeFailureRate.value, direct.timeToRestore.value, direct.leadTime.value, direct.uptime.value],
        `${m.period} ${m.environment} ${m.system ?? 'all systems'}`,
      );
      compared++;
      if (m.leadTime.value !== null) withLeadTime++;
    }
    assert.ok(compared > 100, `only ${compared} metrics compared`);
    assert.ok(withLeadTime > 10, 'lead time was compared with numbers, not only nulls');
    assert.ok(board.index.metrics.some((m) => m.deployments > 0 && m.failedDeployments > 0 && m.changes > 0), 'some compared periods have data of every kind');
  });
});
