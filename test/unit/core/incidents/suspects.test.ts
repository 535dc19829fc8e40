import * as assert from 'node:assert/strict';
import { SUSPECT_WEIGHTS, rankSuspects, scoreChange } from '../../../../src/core/incidents/suspects';
import type { ChangedDeployment, ChangedItem } from '../../../../src/core/incidents/whatChangedTypes';

const T = Date.parse('2026-11-30T06:10:00Z');
const SINCE = T - 24 * 3_600_000;

function item(over: Partial<ChangedItem> = {}): ChangedItem {
  return { tickets: ['PROJ-1'], title: 'change', description: '', author: 'Ana', owners: [], systems: [], riskFlags: [], rollbackPlan: 'flag off', commits: [], origin: 'git', ...over };
}

function deployment(ref: string, at: string, changes: ChangedItem[], over: Partial<ChangedDeployment> = {}): ChangedDeployment {
  return { source: 'record', ref, at, environment: 'production', kind: 'deploy', changes, unrecorded: [], rollback: { kind: 'plan', explanation: '' }, suspicion: { score: 0, reasons: [] }, ...over };
}

describe('suspect ranking', () => {
  const ctx = { system: 'Billing', at: T, since: SINCE };

  it('puts the change that touched the broken system first, even when another went live closer to T', () => {
    const near = deployment('near', '2026-11-30T06:05:00Z', [item({ title: 'search tweak', systems: ['Search'] })]);
    const far = deployment('far', '2026-11-29T12:00:00Z', [item({ title: 'billing retry', systems: ['billing'] })]);
    const ranked = rankSuspects([near, far], ctx);
    assert.deepEqual(ranked.map((s) => s.title), ['billing retry', 'search tweak']);
    assert.ok(ranked[0].reasons.includes('touched Billing'));
  });

  it('weighs risk flags, a missing rollback plan and a freeze override, each with its reason', () => {
    const at = '2026-11-30T05:00:00Z';
    const plain = scoreChange(item(), { at }, ctx);
    const danger = scoreChange(item({ riskFlags: [{ id: 'criticalSystem', severity: 'danger', message: 'critical' }] }), { at }, ctx);
    const noPlan = scoreChange(item({ rollbackPlan: undefined }), { at }, ctx);
    const frozen = scoreChange(item(), { at, freezeOverride: 'hotfix (Ana)' }, ctx);
    assert.equal(danger.score - plain.score, SUSPECT_WEIGHTS.danger);
    assert.equal(noPlan.score - plain.score, SUSPECT_WEIGHTS.noRollback);
    assert.equal(frozen.score - plain.score, SUSPECT_WEIGHTS.freezeOverride);
    assert.ok(danger.reasons.some((r) => r.includes('criticalSystem')));
    assert.ok(noPlan.reasons.includes('no rollback plan'));
    assert.ok(frozen.reasons.some((r) => r.includes('freeze override (hotfix (Ana))')));
  });

  it('ranks equal changes by how close to T they went live', () => {
    const ranked = rankSuspects(
      [deployment('early', '2026-11-29T08:00:00Z', [item({ title: 'early' })]), deployment('late', '2026-11-30T06:00:00Z', [item({ title: 'late' })]), deployment('mid', '2026-11-29T20:00:00Z', [item({ title: 'mid' })])],
      ctx,
    );
    assert.deepEqual(ranked.map((s) => s.title), ['late', 'mid', 'early']);
  });

  it('never lowers a score when a reason is added (every combination)', () => {
    const at = '2026-11-30T02:00:00Z';
    const flags = [{ id: 'largeDiff' as const, severity: 'warning' as const, message: 'big' }];
    for (let mask = 0; mask < 16; mask++) {
      const base = item({ ...(mask & 1 ? { systems: ['Billing'] } : {}), ...(mask & 2 ? { riskFlags: flags } : {}), ...(mask & 4 ? { rollbackPlan: undefined } : {}), ...(mask & 8 ? { freezeOverride: 'x' } : {}) });
      const s = scoreChange(base, { at }, ctx).score;
      for (let bit = 1; bit < 16; bit <<= 1) {
        if (mask & bit) continue;
        const more = mask | bit;
        const richer = item({ ...(more & 1 ? { systems: ['Billing'] } : {}), ...(more & 2 ? { riskFlags: flags } : {}), ...(more & 4 ? { rollbackPlan: undefined } : {}), ...(more & 8 ? { freezeOverride: 'x' } : {}) });
        assert.ok(scoreChange(richer, { at }, ctx).score > s, `adding ${bit} to ${mask}`);
      }
    }
  });

  it('lists a deployment with commits but no change record as a suspect of its own', () => {
    const d = deployment('tag-1', '2026-11-30T06:00:00Z', [], { source: 'tag', unrecorded: [{ sha: 'abc1234', subject: 'hotfix', author: 'Ana' }] });
    const [s] = rankSuspects([d], ctx);
    assert.equal(s.deployment, 'tag-1');
    assert.match(s.title, /1 commit without a change record \(hotfix\)/);
  });
});
