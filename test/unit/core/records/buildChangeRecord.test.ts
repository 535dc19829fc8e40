import * as assert from 'node:assert/strict';
import { initialChecklistState } from '../../../../src/core/checklist/checklistState';
import { BUILT_IN_QUESTIONS } from '../../../../src/core/checklist/questions';
import { buildChangeRecord } from '../../../../src/core/records/buildChangeRecord';
import { changeRecordSchema, logEntrySchema } from '../../../../src/core/records/changeRecord';
import { ULID_PATTERN, ulidTime } from '../../../../src/core/records/ulid';

const now = new Date(Date.UTC(2026, 10, 20, 9, 30));
const base = {
  questions: BUILT_IN_QUESTIONS,
  title: 'Login timeout shortened to 5 minutes',
  tickets: ['PROJ-123'],
  author: { name: 'Ana Ruiz', email: 'ana@example.com' },
  branch: 'feature/PROJ-123-login-timeout',
  stats: { baseBranch: 'main', commits: [{ sha: 'a'.repeat(40), subject: 'PROJ-123: Shorten' }], files: ['src/auth/timeout.ts'], lines: 4 },
  now,
};
const state = {
  ...initialChecklistState('production'),
  answers: {
    problem: { value: 'Sessions stay open for 30 minutes on shared computers.' },
    verification: { value: 'Idle sessions end after 5 minutes in staging.' },
    staging: { value: 'yes', evidence: 'https://ci.example.com/runs/42' },
    rollback: { value: 'Revert the commit.' },
    notify: { value: '' },
  },
  touchedSystems: [{ name: 'Identity', criticality: 'critical' as const, thirdParty: false, paths: ['src/auth/timeout.ts'], owner: 'Identity team' }],
};

describe('change records', () => {
  it('builds a valid version-1 record from a submitted checklist', () => {
    const record = buildChangeRecord({ ...base, state, riskFlags: [] });
    assert.ok(changeRecordSchema.safeParse(record).success);
    assert.match(record.id, ULID_PATTERN);
    assert.equal(ulidTime(record.id), now.getTime());
    assert.equal(record.createdAt, '2026-11-20T09:30:00.000Z');
    assert.equal(record.rollbackPlan, 'Revert the commit.');
    assert.equal(record.reason, 'Sessions stay open for 30 minutes on shared computers.');
    assert.match(record.description, /How we know it is fixed: Idle sessions/);
    assert.deepEqual(record.answers.staging, { value: 'yes', evidence: 'https://ci.example.com/runs/42' });
    assert.equal(record.answers.notify, undefined, 'empty answers are left out');
    assert.deepEqual(record.systems, [{ name: 'Identity', owner: 'Identity team', criticality: 'critical', thirdParty: false }]);
    assert.equal(record.environment, 'production');
    assert.equal(record.freezeOverride, undefined);
  });

  it('keeps a freeze override with its reason and author, and points an amendment at the record it replaces', () => {
    const flags = [{ id: 'freezeWindow' as const, severity: 'danger' as const, message: 'inside the freeze window' }];
    const record = buildChangeRecord({ ...base, state: { ...state, freezeOverrideReason: 'Security fix' }, riskFlags: flags, supersedes: '01JD3Z8Q5XK6M2V9T4R7B1N0CE' });
    assert.deepEqual(record.freezeOverride, { reason: 'Security fix', by: { name: 'Ana Ruiz', email: 'ana@example.com' } });
    assert.equal(record.supersedes, '01JD3Z8Q5XK6M2V9T4R7B1N0CE');
    assert.deepEqual(record.riskFlags, flags);
  });

  it('the log schema refuses what a reader must not trust', () => {
    const record = buildChangeRecord({ ...base, state, riskFlags: [] });
    assert.ok(logEntrySchema.safeParse(record).success);
    assert.equal(logEntrySchema.safeParse({ ...record, version: 2 }).success, false);
    assert.equal(logEntrySchema.safeParse({ ...record, id: 'not-a-ulid' }).success, false);
    assert.equal(logEntrySchema.safeParse({ ...record, title: '' }).success, false);
    assert.equal(logEntrySchema.safeParse({ ...record, schema: 'changetrail/other' }).success, false);
  });

  it('ULIDs sort by time and stay unique within a millisecond', async () => {
    const { ulid } = await import('../../../../src/core/records/ulid');
    const ids = Array.from({ length: 1000 }, () => ulid(now.getTime()));
    assert.equal(new Set(ids).size, 1000);
    assert.deepEqual([...ids].sort(), ids);
    assert.ok(ulid(now.getTime() + 1) > ids[ids.length - 1]);
  });
});
