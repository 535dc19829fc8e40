import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { planRollback } from '../../../../src/core/incidents/rollbackPlan';
import { describeRollbackPlan } from '../../../../src/core/incidents/rollbackDescription';
import { readFileSync } from 'node:fs';
import { deploymentOverrideTitle } from '../../../../src/core/records/manualChange';
import { changeRecord, deploymentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';
import { createTestRepo } from '../../../helpers/createTestRepo';
import { projectRoot } from '../../../helpers/projectRoot';

// A rollback redeploys code. A change made outside git since the target went live (a pool size, a
// flag, a DNS record: often what broke) stays in place: the plan names each one with how to undo it,
// instead of "This takes out: ..." reading as if everything since then were undone.

const sha = (c: string) => c.repeat(40);

describe('rollback: changes made outside git are not undone, and the plan says so', () => {
  const d1 = deploymentRecord({ createdAt: '2026-11-28T10:00:00.000Z', commit: sha('a') });
  const d2 = deploymentRecord({ createdAt: '2026-11-29T10:00:00.000Z', commit: sha('b'), previousCommit: sha('a') });
  const manual = (at: string, title: string, over: object = {}) => changeRecord({ createdAt: at, title, commits: [], origin: 'manual', rollbackPlan: `undo ${title}`, ...over });

  it('lists the manual changes of the environment made after the target went live, by when they were made, and no others', async () => {
    const before = manual('2026-11-27T09:00:00.000Z', 'before the target');
    const between = manual('2026-11-28T12:00:00.000Z', 'between the two deployments');
    const recordedLate = manual('2026-11-30T05:00:00.000Z', 'pool to 500, recorded late', { changedAt: '2026-11-29T11:00:00.000Z' });
    const madeEarlier = manual('2026-11-30T05:00:00.000Z', 'made before the target, recorded late', { changedAt: '2026-11-27T11:00:00.000Z' });
    const staging = manual('2026-11-29T12:00:00.000Z', 'on staging', { environment: 'staging' });
    const override = manual('2026-11-29T09:59:00.000Z', deploymentOverrideTitle(sha('b'), 'production'), { freezeOverride: { reason: 'x', by: { name: 'A', email: '' } } });
    const plan = await planRollback(memoryLogIndex([before, d1, between, override, d2, recordedLate, madeEarlier, staging]), 'production');
    assert.equal(plan.target?.id, d1.id);
    assert.equal(plan.keptOutsideGit.since, d1.createdAt);
    assert.deepEqual(plan.keptOutsideGit.records.map((r) => r.title), ['between the two deployments', 'pool to 500, recorded late']);
  });

  // The editor's Roll Back Deployment confirmation had its own short text and never named them.
  it('the editor\'s confirmation and the CLI describe the plan with one function, naming what stays', async () => {
    const between = manual('2026-11-28T12:00:00.000Z', 'pool to 500');
    const plan = await planRollback(memoryLogIndex([d1, between, d2]), 'production');
    const lines = describeRollbackPlan(plan);
    assert.ok(lines.some((l) => /does not undo the change made outside git on production since 2026-11-28 10:00 UTC/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.includes('pool to 500') && l.includes('to undo it: undo pool to 500')), lines.join('\n'));
    for (const file of ['src/host/commands/rollBackDeployment.ts', 'src/cli/commands/rollback.ts']) {
      assert.match(readFileSync(join(projectRoot(), file), 'utf8'), /describeRollbackPlan\(plan\)/, `${file} shows the shared description`);
    }
  });

  it('changetrail rollback prints them with their own rollback plans (real repository)', () => {
    const repo = createTestRepo();
    try {
      repo.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['production'], systems: [{ name: 'Billing', paths: ['billing/**'] }], freeze: { weekly: [], timeZone: 'UTC' } }) });
      const cli = (now: string, ...args: string[]) => spawnSync(process.execPath, [join(projectRoot(), 'dist', 'cli.js'), ...args], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: now } });
      assert.equal(cli('2026-12-01T08:00:00Z', 'note', '--env', 'production', '--record').status, 0);
      repo.commit('Billing: retry declined cards', { 'billing/retry.ts': 'x' });
      assert.equal(cli('2026-12-01T09:00:00Z', 'note', '--env', 'production', '--record').status, 0);
      assert.equal(cli('2026-12-01T09:30:00Z', 'record', '--system', 'Billing', '--title', 'DB pool raised to 500', '--why', 'load', '--rollback', 'set it back to 100').status, 0);
      const r = cli('2026-12-01T10:00:00Z', 'rollback', '--env', 'production', '--dry-run');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /This does not undo the change made outside git on production since 2026-12-01 08:00 UTC:\n {4}- 2026-12-01 09:30 UTC [0-9A-Z]{26}: DB pool raised to 500 \(Billing\); to undo it: set it back to 100/);
      const json = JSON.parse(cli('2026-12-01T10:00:00Z', 'rollback', '--env', 'production', '--dry-run', '--format', 'json').stdout);
      assert.deepEqual(json.keptOutsideGit.records.map((c: { title: string }) => c.title), ['DB pool raised to 500']);
    } finally {
      repo.dispose();
    }
  });
});
