import * as assert from 'node:assert/strict';
import { fixedClock } from '../../../../src/core/clock';
import { planRollback, rollbackRecord } from '../../../../src/core/incidents/rollbackPlan';
import { failedDeployments } from '../../../../src/core/incidents/lastGoodDeployment';
import { deploymentRecordSchema } from '../../../../src/core/records/changeRecord';
import { changeRecord, deploymentRecord, incidentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';

const sha = (c: string) => c.repeat(40);
const clock = fixedClock('2026-11-30T06:20:00Z');
const BY = { name: 'Ana Ruiz', email: 'ana@example.com' };

describe('rollback planning and linkage', () => {
  const change = changeRecord({ createdAt: '2026-11-30T05:00:00.000Z', title: 'Retry declined cards' });
  const d1 = deploymentRecord({ createdAt: '2026-11-28T10:00:00.000Z', commit: sha('a') });
  const d2 = deploymentRecord({ createdAt: '2026-11-29T10:00:00.000Z', commit: sha('b'), previousCommit: sha('a') });
  const d3 = deploymentRecord({ createdAt: '2026-11-30T05:30:00.000Z', commit: sha('c'), previousCommit: sha('b'), records: [change.id] });

  it('goes back to the previous deployment and records a rollback linked to the one it reverses and the incident', async () => {
    const plan = await planRollback(memoryLogIndex([d1, d2, change, d3]), 'production');
    assert.equal(plan.targetCommit, sha('b'));
    assert.equal(plan.target?.id, d2.id);
    assert.deepEqual(plan.undone.map((d) => d.id), [d3.id]);
    assert.deepEqual(plan.undoneChanges.map((c) => c.title), ['Retry declined cards']);
    const incident = incidentRecord({ createdAt: '2026-11-30T06:00:00.000Z' });
    const record = rollbackRecord(plan, BY, clock, { incident: incident.incidentId });
    assert.ok(deploymentRecordSchema.safeParse(record).success);
    assert.deepEqual([record.kind, record.rollsBack, record.incident, record.commit, record.previousCommit, record.createdAt], ['rollback', d3.id, incident.incidentId, sha('b'), sha('c'), '2026-11-30T06:20:00.000Z']);
  });

  it('counts the reversed deployment as failed, and skips failed ones when picking where to go back to', async () => {
    const first = rollbackRecord(await planRollback(memoryLogIndex([d1, d2, d3]), 'production'), BY, clock);
    const blamed = incidentRecord({ createdAt: '2026-11-29T11:00:00.000Z', status: 'resolved', cause: { kind: 'deployment', deployment: d2.id } });
    const index = memoryLogIndex([d1, d2, d3, blamed]);
    assert.deepEqual([...(await failedDeployments(index, [d1, d2, d3, first]))].sort(), [d2.id, d3.id].sort());
    const plan = await planRollback(index, 'production');
    assert.equal(plan.targetCommit, sha('a'));
    assert.deepEqual(plan.undone.map((d) => d.id), [d3.id, d2.id]);
  });

  it('does not go back to a deployment whose change an incident blamed, or whose change a later deployment reverted', async () => {
    const bad = changeRecord({ createdAt: '2026-11-29T09:00:00.000Z', title: 'Cache card tokens', commits: [{ sha: sha('9'), subject: 'Cache card tokens' }] });
    const carrier = deploymentRecord({ createdAt: '2026-11-29T10:00:00.000Z', commit: sha('b'), previousCommit: sha('a'), records: [bad.id] });
    const blamed = incidentRecord({ createdAt: '2026-11-29T11:00:00.000Z', status: 'resolved', cause: { kind: 'change', change: bad.id } });
    const plan = await planRollback(memoryLogIndex([d1, bad, carrier, blamed, d3]), 'production');
    assert.equal(plan.target?.id, d1.id, 'the incident named the change, not the deployment: the deployment that carried it failed all the same');
    const revert = changeRecord({ createdAt: '2026-11-30T05:00:00.000Z', title: 'Revert card tokens', commits: [{ sha: sha('8'), subject: 'Revert "Cache card tokens"' }] });
    const shipsRevert = deploymentRecord({ createdAt: '2026-11-30T05:30:00.000Z', commit: sha('c'), previousCommit: sha('b'), records: [revert.id] });
    const afterRevert = await planRollback(memoryLogIndex([d1, bad, carrier, revert, shipsRevert]), 'production');
    assert.equal(afterRevert.target?.id, d1.id, 'going back to the carrier would bring the reverted change back');
  });

  it('a second rollback never goes back to the commit the first one took out', async () => {
    // d2 (b) was rolled back to a; the previousCommit of that rollback is b, the failed commit.
    const d2only = deploymentRecord({ createdAt: '2026-11-29T10:00:00.000Z', commit: sha('b'), previousCommit: sha('a') });
    const undo = rollbackRecord(await planRollback(memoryLogIndex([d1, d2only]), 'production'), BY, clock);
    assert.equal(undo.commit, sha('a'));
    const index = memoryLogIndex([d1, d2only, undo]);
    await assert.rejects(planRollback(index, 'production'), /No earlier good deployment to production: every one before .* failed or runs what is live now/);
    await assert.rejects(planRollback(index, 'production', d1.id), /live on production now/, 'd1 runs what the rollback put back');
    // Named outright, by id or by its commit, the deployment the rollback took out is no way back either.
    await assert.rejects(planRollback(index, 'production', d2only.id), /which failed .*ships the failure again/);
    await assert.rejects(planRollback(index, 'production', sha('b').slice(0, 8)), /which failed .*ships the failure again/);
  });

  it('takes --to as a deployment id (or its start) or a commit, and refuses what is live now', async () => {
    const index = memoryLogIndex([d1, d2, d3]);
    assert.equal((await planRollback(index, 'production', d1.id.slice(0, 12))).target?.id, d1.id);
    assert.equal((await planRollback(index, 'production', sha('a').slice(0, 7))).target?.id, d1.id);
    assert.equal((await planRollback(index, 'production', 'deadbeef')).targetCommit, 'deadbeef');
    await assert.rejects(planRollback(index, 'production', d3.id), /live on production now/);
    await assert.rejects(planRollback(index, 'production', 'not-a-thing'), /neither a deployment/);
    await assert.rejects(planRollback(memoryLogIndex([]), 'production'), /nothing to roll back/);
  });
});
