import * as assert from 'node:assert/strict';
import { BUILT_IN_QUESTIONS, resolveQuestions } from '../../../../src/core/checklist/questions';
import { defaultTeamConfig, teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';

function configWith(checklist: unknown) {
  return teamConfigSchema.parse({ checklist });
}

const BUILT_IN_IDS = ['problem', 'verification', 'touches', 'staging', 'rollback', 'notify', 'escalation', 'supportUpdates'];

describe('checklist questions', () => {
  it('asks the built-in questions, in order, with stable ids', () => {
    assert.deepEqual(BUILT_IN_QUESTIONS.map((q) => q.id), BUILT_IN_IDS);
    assert.deepEqual(BUILT_IN_QUESTIONS.filter((q) => q.required).map((q) => q.id), ['problem', 'verification', 'rollback']);
    assert.deepEqual(BUILT_IN_QUESTIONS.filter((q) => q.kind === 'yesNoEvidence').map((q) => q.id), ['staging']);
    assert.equal(BUILT_IN_QUESTIONS.find((q) => q.id === 'touches')?.prefill, 'systems');
    assert.equal(BUILT_IN_QUESTIONS.find((q) => q.id === 'escalation')?.prefill, 'escalation');
    assert.match(BUILT_IN_QUESTIONS.find((q) => q.id === 'rollback')?.help ?? '', /If you can't write down a rollback, don't make the change\./);
    for (const q of BUILT_IN_QUESTIONS) {
      assert.ok(q.text.endsWith('?'), `${q.id} is a question`);
      assert.ok(q.help.length > 0, `${q.id} has help`);
    }
  });

  it('gives the built-ins unchanged for the default config', () => {
    const { questions, problems } = resolveQuestions(defaultTeamConfig());
    assert.deepEqual(questions, BUILT_IN_QUESTIONS);
    assert.deepEqual(problems, []);
  });

  it('overrides text, help, required and kind of a built-in by id, keeping its prefill', () => {
    const { questions, problems } = resolveQuestions(
      configWith({ questions: [{ id: 'notify', text: 'Who must hear about it?', required: true }, { id: 'touches', help: 'List them all.', kind: 'text' }] }),
    );
    assert.deepEqual(problems, []);
    const notify = questions.find((q) => q.id === 'notify');
    assert.equal(notify?.text, 'Who must hear about it?');
    assert.equal(notify?.required, true);
    assert.equal(notify?.help, BUILT_IN_QUESTIONS.find((q) => q.id === 'notify')?.help, 'unset fields keep the built-in value');
    const touches = questions.find((q) => q.id === 'touches');
    assert.equal(touches?.help, 'List them all.');
    assert.equal(touches?.prefill, 'systems');
    assert.equal(touches?.builtIn, true);
    assert.deepEqual(questions.map((q) => q.id), BUILT_IN_IDS, 'an override keeps the place');
  });

  it('can make the staging question plain text or optional questions required', () => {
    const { questions } = resolveQuestions(configWith({ questions: [{ id: 'staging', kind: 'text', required: true }] }));
    const staging = questions.find((q) => q.id === 'staging');
    assert.equal(staging?.kind, 'text');
    assert.equal(staging?.required, true);
  });

  it('adds new ids after the built-ins, in the order the team lists them', () => {
    const { questions, problems } = resolveQuestions(
      configWith({
        questions: [
          { id: 'dataMigration', text: 'Does it migrate data?', kind: 'yesNoEvidence', required: true },
          { id: 'featureFlag', text: 'Which feature flag guards it?' },
        ],
      }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(questions.map((q) => q.id), [...BUILT_IN_IDS, 'dataMigration', 'featureFlag']);
    const added = questions.find((q) => q.id === 'dataMigration');
    assert.deepEqual(added, { id: 'dataMigration', text: 'Does it migrate data?', help: '', required: true, kind: 'yesNoEvidence', builtIn: false });
    assert.equal(questions.find((q) => q.id === 'featureFlag')?.kind, 'text');
    assert.equal(questions.find((q) => q.id === 'featureFlag')?.required, false);
  });

  it('shows the id of a new question without text and reports it', () => {
    const { questions, problems } = resolveQuestions(configWith({ questions: [{ id: 'dpo-review' }] }));
    assert.equal(questions.at(-1)?.text, 'dpo-review');
    assert.deepEqual(problems.map((p) => [p.kind, p.id]), [['missingText', 'dpo-review']]);
  });

  it('applies order; ids not listed keep their relative place after the listed ones', () => {
    const { questions, problems } = resolveQuestions(
      configWith({ questions: [{ id: 'featureFlag', text: 'Flag?' }], order: ['rollback', 'featureFlag', 'problem'] }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(questions.map((q) => q.id), [
      'rollback',
      'featureFlag',
      'problem',
      'verification',
      'touches',
      'staging',
      'notify',
      'escalation',
      'supportUpdates',
    ]);
  });

  it('ignores and reports unknown and repeated ids in order', () => {
    const { questions, problems } = resolveQuestions(configWith({ order: ['staging', 'nope', 'staging', 'problem'] }));
    assert.deepEqual(questions.map((q) => q.id).slice(0, 3), ['staging', 'problem', 'verification']);
    assert.equal(questions.length, BUILT_IN_IDS.length);
    assert.deepEqual(problems.map((p) => [p.kind, p.id]), [['unknownOrderId', 'nope'], ['duplicateOrderId', 'staging']]);
    assert.match(problems[0].message, /checklist\.order names "nope"/);
  });

  it('lets a later entry for the same id refine an earlier one', () => {
    const { questions } = resolveQuestions(configWith({ questions: [{ id: 'extra', text: 'First?' }, { id: 'extra', help: 'More.' }] }));
    const extra = questions.filter((q) => q.id === 'extra');
    assert.equal(extra.length, 1);
    assert.equal(extra[0].text, 'First?');
    assert.equal(extra[0].help, 'More.');
  });
});
