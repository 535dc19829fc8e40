import * as assert from 'node:assert/strict';
import { checklistReducer } from '../../../../src/core/checklist/checklistReducer';
import { type ChecklistAction, type ChecklistState, initialChecklistState, prefillAction } from '../../../../src/core/checklist/checklistState';
import { BUILT_IN_QUESTIONS, resolveQuestions } from '../../../../src/core/checklist/questions';
import { type RiskInput, computeRiskFlags } from '../../../../src/core/checklist/riskFlags';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';

const config = teamConfigSchema.parse({
  systems: [
    { name: 'Payments', paths: ['src/payments/**'], owner: 'Team Pay', criticality: 'critical', thirdParty: true },
    { name: 'Ledger', paths: ['src/ledger/**'], criticality: 'critical' },
    { name: 'Maps', paths: ['src/maps/**'], criticality: 'low', thirdParty: true },
    { name: 'Docs', paths: ['docs/**'], criticality: 'low' },
  ],
  freeze: { timeZone: 'Europe/Madrid', dates: [{ from: '2024-12-20', to: '2025-01-06', reason: 'Year-end freeze' }] },
});

// Fixed instants only: Wednesday 5 June 2024 10:00 UTC is outside every window, Friday 7 June 16:00 UTC inside.
const WEDNESDAY = new Date(Date.UTC(2024, 5, 5, 10, 0));
const FRIDAY = new Date(Date.UTC(2024, 5, 7, 16, 0));

const set = (id: string, value: string): ChecklistAction => ({ type: 'setAnswer', id, value });
const SAFE: ChecklistAction[] = [
  set('problem', 'p'),
  set('verification', 'v'),
  set('rollback', 'Revert the merge and redeploy'),
  set('staging', 'yes'),
  { type: 'setEvidence', id: 'staging', evidence: 'https://ci.example/run/12' },
];

function draft(...actions: ChecklistAction[]): ChecklistState {
  return actions.reduce(checklistReducer, initialChecklistState());
}

function flags(state: ChecklistState, extra: Partial<RiskInput> = {}) {
  return computeRiskFlags({ state, questions: BUILT_IN_QUESTIONS, now: WEDNESDAY, freeze: config.freeze, timeZone: 'UTC', diffLines: 40, largeDiffLines: config.checklist.largeDiffLines, ...extra });
}

const ids = (state: ChecklistState, extra?: Partial<RiskInput>) => flags(state, extra).map((f) => f.id);

describe('risk flags', () => {
  it('raises none for a safe change on a Wednesday', () => {
    assert.deepEqual(flags(draft(...SAFE)), []);
  });

  it('flags a production change inside the weekly freeze window, in words', () => {
    assert.deepEqual(flags(draft(...SAFE), { now: FRIDAY }), [
      { id: 'freezeWindow', severity: 'danger', message: 'Production change inside the freeze window (Friday 15:00 to Monday 06:00, Europe/Madrid)' },
    ]);
  });

  it('keeps the freeze flag when an override reason is given', () => {
    const state = draft(...SAFE, { type: 'setOverrideReason', reason: 'Outage fix INC-7' });
    assert.deepEqual(ids(state, { now: FRIDAY }), ['freezeWindow']);
  });

  it('names a listed freeze period and its reason', () => {
    const [flag] = flags(draft(...SAFE), { now: new Date(Date.UTC(2024, 11, 24, 10, 0)) });
    assert.equal(flag.message, 'Production change inside a freeze period: Year-end freeze (2024-12-20 to 2025-01-06, Europe/Madrid)');
  });

  it('does not freeze an environment outside the freeze list, and names another frozen one', () => {
    assert.deepEqual(ids(draft(...SAFE), { now: FRIDAY, environment: 'staging' }), []);
    const freeze = { ...config.freeze, environments: ['prod-eu'] };
    assert.equal(flags(draft(...SAFE), { now: FRIDAY, environment: 'prod-eu', freeze })[0].message, 'Change to prod-eu inside the freeze window (Friday 15:00 to Monday 06:00, Europe/Madrid)');
  });

  it('reads the freeze in the given zone when the policy names none', () => {
    const freeze = { ...config.freeze, timeZone: undefined };
    // Friday 16:00 UTC is 12:00 in New York, before its window.
    assert.deepEqual(ids(draft(...SAFE), { now: FRIDAY, freeze, timeZone: 'America/New_York' }), []);
    assert.deepEqual(ids(draft(...SAFE), { now: FRIDAY, freeze, timeZone: 'Asia/Kolkata' }), ['freezeWindow']);
  });

  it('flags a missing or placeholder rollback plan as danger', () => {
    const [missing] = flags(draft(...SAFE, set('rollback', '')));
    assert.deepEqual(missing, { id: 'noRollback', severity: 'danger', message: 'No rollback plan written down: if this change fails, support has no way back' });
    const [placeholder] = flags(draft(...SAFE, set('rollback', 'N/A')));
    assert.equal(placeholder.message, 'No real rollback plan (the answer is "N/A"): if this change fails, support has no way back');
    assert.deepEqual(ids(draft(...SAFE, set('rollback', 'Turn off flag billing.vat2'))), []);
  });

  it('flags staging: answered no, yes without evidence, or no answer', () => {
    const warning = (state: ChecklistState) => flags(state).find((f) => f.id === 'notTestedInStaging');
    assert.deepEqual(warning(draft(...SAFE, set('staging', 'no'))), { id: 'notTestedInStaging', severity: 'warning', message: 'Not tested in staging' });
    assert.equal(warning(draft(...SAFE, { type: 'setEvidence', id: 'staging', evidence: '' }))?.message, 'Said to be tested in staging, but no evidence given');
    assert.equal(warning(draft(...SAFE.slice(0, 3)))?.message, 'Not stated whether it was tested in staging');
  });

  it('does not ask a change to staging, or before it, to have been tested in staging', () => {
    const untested = draft(...SAFE, set('staging', 'no'));
    assert.deepEqual(ids(untested, { environment: 'staging' }), []);
    assert.deepEqual(ids(untested, { environment: 'dev', environments: ['dev', 'staging', 'production'] }), []);
    assert.deepEqual(ids(untested, { environment: 'production', environments: ['dev', 'staging', 'production'] }), ['notTestedInStaging']);
  });

  it('reads a staging question the team turned into text', () => {
    const { questions } = resolveQuestions(teamConfigSchema.parse({ checklist: { questions: [{ id: 'staging', kind: 'text' }] } }));
    const base = draft(...SAFE.slice(0, 3));
    assert.deepEqual(ids(draft(...SAFE.slice(0, 3), set('staging', 'Ran the smoke suite on staging')), { questions }), []);
    assert.deepEqual(ids(base, { questions }), ['notTestedInStaging']);
  });

  it('flags critical systems and third-party integrations from the draft’s systems', () => {
    const state = draft(...SAFE, prefillAction(['src/payments/a.ts', 'src/ledger/b.ts', 'src/maps/c.ts', 'docs/d.md'], config));
    assert.deepEqual(flags(state), [
      { id: 'criticalSystem', severity: 'warning', message: 'Touches critical systems: Payments (owner Team Pay), Ledger' },
      { id: 'thirdParty', severity: 'warning', message: 'Touches third-party integrations: Payments, Maps' },
    ]);
    const one = draft(...SAFE, prefillAction(['src/ledger/b.ts', 'src/maps/c.ts'], config));
    assert.deepEqual(flags(one).map((f) => f.message), ['Touches a critical system: Ledger', 'Touches a third-party integration: Maps']);
    assert.deepEqual(ids(draft(...SAFE, prefillAction(['docs/d.md'], config))), []);
  });

  it('uses explicitly given systems over the draft’s', () => {
    const state = draft(...SAFE, prefillAction(['src/payments/a.ts'], config));
    assert.deepEqual(ids(state, { touchedSystems: [] }), []);
    assert.deepEqual(ids(draft(...SAFE), { touchedSystems: [{ name: 'Ledger', criticality: 'critical', thirdParty: false, paths: [] }] }), ['criticalSystem']);
  });

  it('flags a large diff at the team’s limit, not below it, and not when unknown', () => {
    assert.deepEqual(flags(draft(...SAFE), { diffLines: 1250 }), [
      { id: 'largeDiff', severity: 'warning', message: 'Large change: 1,250 changed lines (the team flags 400 or more), harder to review and to roll back' },
    ]);
    assert.deepEqual(ids(draft(...SAFE), { diffLines: 400 }), ['largeDiff']);
    assert.deepEqual(ids(draft(...SAFE), { diffLines: 399 }), []);
    assert.deepEqual(ids(draft(...SAFE), { diffLines: undefined }), []);
    assert.deepEqual(ids(draft(...SAFE), { diffLines: 50, largeDiffLines: 50 }), ['largeDiff']);
  });

  it('combines every flag in a fixed order, danger for freeze and rollback only', () => {
    const state = draft(set('problem', 'p'), set('staging', 'no'), prefillAction(['src/payments/a.ts'], config), { type: 'setOverrideReason', reason: 'r' });
    const all = flags(state, { now: FRIDAY, diffLines: 5000 });
    assert.deepEqual(all.map((f) => [f.id, f.severity]), [
      ['freezeWindow', 'danger'],
      ['noRollback', 'danger'],
      ['notTestedInStaging', 'warning'],
      ['criticalSystem', 'warning'],
      ['thirdParty', 'warning'],
      ['largeDiff', 'warning'],
    ]);
  });

  it('uses the draft environment unless one is given', () => {
    const state = draft(...SAFE, { type: 'setEnvironment', environment: 'staging' });
    assert.deepEqual(ids(state, { now: FRIDAY }), []);
    assert.deepEqual(ids(state, { now: FRIDAY, environment: 'production' }), ['freezeWindow']);
  });
});
