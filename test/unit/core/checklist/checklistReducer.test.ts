import * as assert from 'node:assert/strict';
import { checklistReducer, progress, validateForSubmit } from '../../../../src/core/checklist/checklistReducer';
import { type ChecklistAction, type ChecklistState, initialChecklistState, prefillAction } from '../../../../src/core/checklist/checklistState';
import { BUILT_IN_QUESTIONS } from '../../../../src/core/checklist/questions';
import type { TouchedSystem } from '../../../../src/core/checklist/systemsForPaths';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import type { RiskFlag } from '../../../../src/core/records/changeRecord';

const config = teamConfigSchema.parse({
  systems: [
    { name: 'Payments', paths: ['src/payments/**'], owner: 'Team Pay', criticality: 'critical', thirdParty: true },
    { name: 'Accounts', paths: ['src/accounts/**'], owner: 'Team Acc', criticality: 'high' },
    { name: 'Docs', paths: ['docs/**'], criticality: 'low' },
  ],
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Applies actions to frozen states, so any mutation throws. */
function run(...actions: ChecklistAction[]): ChecklistState {
  return actions.reduce((s, a) => deepFreeze(checklistReducer(s, a)), deepFreeze(initialChecklistState()));
}

const set = (id: string, value: string): ChecklistAction => ({ type: 'setAnswer', id, value });
const evidence = (id: string, text: string): ChecklistAction => ({ type: 'setEvidence', id, evidence: text });
const prefill = (...paths: string[]) => prefillAction(paths, config);

const COMPLETE: ChecklistAction[] = [set('problem', 'Invoices show the wrong VAT'), set('verification', 'VAT matches on the March invoices'), set('rollback', 'Revert and redeploy')];

describe('checklist reducer', () => {
  it('starts empty for production', () => {
    assert.deepEqual(initialChecklistState(), { answers: {}, environment: 'production', touchedSystems: [] });
    assert.equal(initialChecklistState('staging').environment, 'staging');
  });

  it('setAnswer sets and replaces a value, keeps evidence, and drops an emptied answer', () => {
    let s = run(set('problem', 'A'), set('problem', 'B'));
    assert.deepEqual(s.answers, { problem: { value: 'B' } });
    s = run(evidence('staging', 'https://ci/run/1'), set('staging', 'yes'));
    assert.deepEqual(s.answers.staging, { value: 'yes', evidence: 'https://ci/run/1' });
    assert.deepEqual(run(set('problem', 'A'), set('problem', '')).answers, {});
  });

  it('setEvidence adds evidence to an answer or starts one, and removes it when emptied', () => {
    assert.deepEqual(run(set('staging', 'yes'), evidence('staging', 'checked checkout')).answers.staging, { value: 'yes', evidence: 'checked checkout' });
    assert.deepEqual(run(evidence('staging', 'note')).answers.staging, { value: '', evidence: 'note' });
    assert.deepEqual(run(set('staging', 'yes'), evidence('staging', 'x'), evidence('staging', '')).answers.staging, { value: 'yes' });
    assert.deepEqual(run(evidence('staging', 'x'), evidence('staging', '')).answers, {});
  });

  it('setEnvironment and setOverrideReason', () => {
    const s = run({ type: 'setEnvironment', environment: ' staging ' }, { type: 'setOverrideReason', reason: 'Hotfix for outage INC-42' });
    assert.equal(s.environment, 'staging');
    assert.equal(s.freezeOverrideReason, 'Hotfix for outage INC-42');
    const cleared = run({ type: 'setOverrideReason', reason: 'x' }, { type: 'setOverrideReason', reason: '   ' });
    assert.equal('freezeOverrideReason' in cleared, false);
  });

  it('prefill fills touched systems, what it touches and who owns escalation', () => {
    const s = run(prefill('src/payments/card.ts', 'docs/a.md', 'README.md'));
    assert.deepEqual(s.touchedSystems.map((t) => t.name), ['Payments', 'Docs']);
    assert.equal(s.answers.touches?.value, 'Payments (critical, third party, owner Team Pay)\nDocs (low)');
    assert.equal(s.answers.escalation?.value, 'Incident commander');
    assert.deepEqual(s.prefilledFrom?.paths, ['src/payments/card.ts', 'docs/a.md', 'README.md']);
  });

  it('prefill never overwrites what the person typed', () => {
    const s = run(set('touches', 'Payments and the card vault'), set('escalation', 'Ana (on call)'), prefill('src/payments/card.ts'));
    assert.equal(s.answers.touches?.value, 'Payments and the card vault');
    assert.equal(s.answers.escalation?.value, 'Ana (on call)');
    assert.deepEqual(s.touchedSystems.map((t) => t.name), ['Payments'], 'the system list is still detected');
    const edited = run(prefill('docs/a.md'), set('escalation', 'Me'), prefill('src/accounts/x.ts'));
    assert.equal(edited.answers.escalation?.value, 'Me');
    assert.equal(edited.answers.touches?.value, 'Accounts (high, owner Team Acc)', 'an untouched prefill follows the new paths');
  });

  it('prefill replaces its own earlier values and clears them when no system is hit any more', () => {
    const s = run(prefill('src/accounts/x.ts'), prefill('src/payments/y.ts'));
    assert.deepEqual(s.touchedSystems.map((t) => t.name), ['Payments']);
    assert.equal(s.answers.escalation?.value, 'Incident commander');
    const none = run(prefill('src/accounts/x.ts'), prefill('README.md'));
    assert.deepEqual(none.touchedSystems, []);
    assert.deepEqual(none.answers, {});
  });

  it('prefill keeps the person’s edits to the system list', () => {
    const manual: TouchedSystem = { name: 'Card vault', criticality: 'critical', thirdParty: true, paths: [] };
    let s = run(prefill('src/payments/a.ts', 'docs/a.md'));
    s = checklistReducer(s, { type: 'setTouchedSystems', systems: [s.touchedSystems[0], manual] }); // removes Docs, adds the vault
    s = checklistReducer(s, prefill('src/payments/a.ts', 'src/payments/b.ts', 'docs/a.md', 'src/accounts/c.ts'));
    assert.deepEqual(s.touchedSystems.map((t) => t.name), ['Payments', 'Card vault', 'Accounts']);
    assert.deepEqual(s.touchedSystems[0].paths, ['src/payments/a.ts', 'src/payments/b.ts'], 'detected entries are refreshed');
  });

  it('setTouchedSystems updates the prefilled answers it wrote, not typed ones', () => {
    let s = run(prefill('docs/a.md'));
    const payments: TouchedSystem = { name: 'Payments', criticality: 'critical', thirdParty: true, owner: 'Team Pay', paths: [] };
    s = checklistReducer(s, { type: 'setTouchedSystems', systems: [...s.touchedSystems, payments] });
    assert.equal(s.answers.escalation?.value, 'Incident commander');
    assert.equal(s.answers.touches?.value, 'Docs (low)\nPayments (critical, third party, owner Team Pay)');
    s = checklistReducer(s, set('touches', 'Docs and payments pages'));
    s = checklistReducer(s, { type: 'setTouchedSystems', systems: [payments] });
    assert.equal(s.answers.touches?.value, 'Docs and payments pages');
    assert.deepEqual(run({ type: 'setTouchedSystems', systems: [payments] }).answers, {}, 'nothing to prefill from before a prefill');
  });

  it('reset drops what was typed and the override, keeping environment and the prefill', () => {
    const s = run({ type: 'setEnvironment', environment: 'staging' }, prefill('src/accounts/a.ts'), ...COMPLETE, set('escalation', 'Me'), { type: 'setOverrideReason', reason: 'r' }, { type: 'reset' });
    assert.equal(s.environment, 'staging');
    assert.equal(s.freezeOverrideReason, undefined);
    assert.deepEqual(s.answers, { touches: { value: 'Accounts (high, owner Team Acc)' }, escalation: { value: 'Engineering manager on call' } });
    assert.deepEqual(s.touchedSystems.map((t) => t.name), ['Accounts']);
    assert.deepEqual(run(set('problem', 'x'), { type: 'reset' }), initialChecklistState());
  });
});

describe('checklist progress and validation', () => {
  const questions = BUILT_IN_QUESTIONS;
  const freezeFlag: RiskFlag = { id: 'freezeWindow', severity: 'danger', message: 'Production change inside the freeze window (Friday 15:00 to Monday 06:00, Europe/Madrid)' };

  it('counts answered and required questions', () => {
    assert.deepEqual(progress(run(), questions), { answered: 0, total: 8, required: 3, missingRequired: ['problem', 'verification', 'rollback'], complete: false });
    assert.deepEqual(progress(run(...COMPLETE), questions), { answered: 3, total: 8, required: 3, missingRequired: [], complete: true });
  });

  it('counts "yes" without evidence as unanswered, and "no" as answered', () => {
    assert.equal(progress(run(set('staging', 'yes')), questions).answered, 0);
    assert.equal(progress(run(set('staging', 'yes'), evidence('staging', 'https://ci/1')), questions).answered, 1);
    assert.equal(progress(run(set('staging', 'No')), questions).answered, 1);
    assert.equal(progress(run(set('staging', 'maybe')), questions).answered, 0);
  });

  it('does not take a placeholder for a rollback plan', () => {
    const p = progress(run(set('problem', 'p'), set('verification', 'v'), set('rollback', 'n/a')), questions);
    assert.deepEqual(p.missingRequired, ['rollback']);
    assert.equal(p.answered, 2);
    assert.equal(p.complete, false);
  });

  it('treats required team questions like built-in ones', () => {
    const extra = [...questions, { id: 'dataMigration', text: 'Does it migrate data?', help: '', required: true, kind: 'yesNoEvidence' as const, builtIn: false }];
    assert.deepEqual(progress(run(...COMPLETE), extra).missingRequired, ['dataMigration']);
    assert.deepEqual(progress(run(...COMPLETE, set('dataMigration', 'no')), extra).missingRequired, []);
  });

  it('accepts a complete draft', () => {
    assert.deepEqual(validateForSubmit(run(...COMPLETE), questions, []), []);
  });

  it('explains each missing required answer, the rollback one in the team’s words', () => {
    const problems = validateForSubmit(run(set('problem', 'p')), questions, []);
    assert.deepEqual(problems.map((p) => p.field), ['verification', 'rollback']);
    assert.equal(problems[0].message, '"How will we know it is fixed?" needs an answer.');
    assert.equal(problems[1].message, "Write down how to roll back. If you can't write down a rollback, don't make the change.");
    assert.deepEqual(validateForSubmit(run(...COMPLETE, set('rollback', 'none')), questions, []).map((p) => p.field), ['rollback']);
  });

  it('asks for evidence behind a "yes", even on an optional question', () => {
    const problems = validateForSubmit(run(...COMPLETE, set('staging', 'yes')), questions, []);
    assert.deepEqual(problems, [{ field: 'staging', message: '"Has it been tested in staging?": add the evidence (a link or a note), or answer no.' }]);
  });

  it('needs an override reason for a freeze window flag', () => {
    const problems = validateForSubmit(run(...COMPLETE), questions, [freezeFlag]);
    assert.deepEqual(problems.map((p) => p.field), ['freezeOverrideReason']);
    assert.match(problems[0].message, /^Production change inside the freeze window .*: give a reason to override the freeze/);
    assert.deepEqual(validateForSubmit(run(...COMPLETE, { type: 'setOverrideReason', reason: 'Outage fix INC-7' }), questions, [freezeFlag]), []);
    const warning: RiskFlag = { id: 'largeDiff', severity: 'warning', message: 'Large change' };
    assert.deepEqual(validateForSubmit(run(...COMPLETE), questions, [warning]), [], 'other flags need no override');
  });

  it('needs an environment', () => {
    assert.deepEqual(validateForSubmit(run(...COMPLETE, { type: 'setEnvironment', environment: '' }), questions, []).map((p) => p.field), ['environment']);
  });
});
