import * as assert from 'node:assert/strict';
import { defaultTeamConfig, teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { suggestLevel } from '../../../../src/core/incidents/escalation';

const config = teamConfigSchema.parse({
  systems: [
    { name: 'Billing', paths: ['src/billing/**'], criticality: 'high', impact: ['billing'] },
    { name: 'Checkout', paths: ['src/checkout/**'], criticality: 'critical' },
    { name: 'Status API', paths: ['src/status/**'], criticality: 'medium', impact: ['sla'] },
    { name: 'Audit', paths: ['src/audit/**'], criticality: 'low', impact: ['compliance'] },
    { name: 'Admin', paths: ['src/admin/**'], criticality: 'low' },
  ],
});
const base = { policy: config.escalationLevels, teamSystems: config.systems };

describe('escalation levels', () => {
  it('defaults to three levels with who is told, woken, and how fast', () => {
    const { levels } = defaultTeamConfig().escalationLevels;
    assert.deepEqual(levels.map((l) => l.level), [1, 2, 3]);
    assert.ok(levels[0].wake.length > 0 && levels[0].responseTarget);
  });

  it('starts from the customer impact', () => {
    assert.equal(suggestLevel({ ...base, impact: 'outage', systems: ['Admin'] }).level, 2);
    assert.equal(suggestLevel({ ...base, impact: 'degraded', systems: ['Admin'] }).level, 3);
    assert.equal(suggestLevel({ ...base, impact: 'none', systems: [] }).level, 3);
  });

  for (const [system, why] of [['Checkout', 'critical system'], ['billing', 'billing'], ['Status API', 'SLA'], ['Audit', 'compliance']] as const) {
    it(`raises the level for ${why} and says so in one line`, () => {
      const s = suggestLevel({ ...base, impact: 'outage', systems: [system] });
      assert.equal(s.level, 1);
      assert.ok(s.reason.includes(why), s.reason);
      assert.ok(!s.reason.includes('\n'));
      assert.equal(suggestLevel({ ...base, impact: 'degraded', systems: [system] }).level, 2);
    });
  }

  it('lowers a contained, mitigated problem customers do not see, keeping the written reason', () => {
    const policy = teamConfigSchema.parse({ escalationLevels: { byImpact: { outage: 1, degraded: 2, none: 2 } } }).escalationLevels;
    const s = suggestLevel({ policy, teamSystems: [], impact: 'none', systems: [], lower: { contained: true, mitigated: true, reason: 'only the internal report page' } });
    assert.equal(s.level, 3);
    assert.equal(s.lowerRefused, undefined);
    assert.ok(s.reason.includes('only the internal report page'));
  });

  it('refuses to lower when any condition fails, naming each', () => {
    const policy = teamConfigSchema.parse({ escalationLevels: { byImpact: { outage: 1, degraded: 2, none: 2 } } }).escalationLevels;
    const cases = [
      [{ impact: 'degraded' as const, lower: { contained: true, mitigated: true, reason: 'x' } }, /customers see it/],
      [{ impact: 'none' as const, lower: { contained: false, mitigated: true, reason: 'x' } }, /not contained/],
      [{ impact: 'none' as const, lower: { contained: true, mitigated: false, reason: 'x' } }, /not mitigated/],
      [{ impact: 'none' as const, lower: { contained: true, mitigated: true, reason: '  ' } }, /no reason/],
    ] as const;
    for (const [input, why] of cases) {
      const s = suggestLevel({ policy, teamSystems: [], systems: [], ...input });
      assert.equal(s.level, 2);
      assert.match(s.lowerRefused ?? '', why);
    }
  });

  it('business impact and lowering cancel out; the matrix bounds the result', () => {
    const s = suggestLevel({ ...base, impact: 'none', systems: ['Audit'], lower: { contained: true, mitigated: true, reason: 'audit export retried' } });
    assert.equal(s.level, 3);
    const top = suggestLevel({ ...base, impact: 'outage', systems: ['Checkout', 'Billing'] });
    assert.equal(top.level, 1);
    const policy = teamConfigSchema.parse({ escalationLevels: { byImpact: { outage: 1, degraded: 1, none: 1 } } }).escalationLevels;
    const clamped = suggestLevel({ policy, teamSystems: config.systems, impact: 'outage', systems: ['Checkout'] });
    assert.equal(clamped.level, 1);
    assert.match(clamped.reason, /most urgent level applies/);
  });

  it('keeps the old per-criticality escalation owners working next to the levels', () => {
    const c = teamConfigSchema.parse({ escalation: { high: 'Pay on call' } });
    assert.equal(c.escalation.high, 'Pay on call');
    assert.equal(c.escalationLevels.levels.length, 3);
  });
});
