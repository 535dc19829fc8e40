import * as assert from 'node:assert/strict';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { FreezeOverrideRequired, buildDeploymentNote, buildDeploymentRecord, recordedNote } from '../../../../src/core/notes/deploymentNote';
import type { DeploymentRange } from '../../../../src/core/notes/deploymentRange';
import { matchRecords } from '../../../../src/core/notes/matchRecords';
import { noteDocument } from '../../../../src/core/notes/noteDocument';
import { deploymentRecordSchema } from '../../../../src/core/records/changeRecord';
import { ENTRIES, LOGIN, NOW, PREVIOUS_DEPLOYMENT, RANGE, REDIS, SHAS, TIME_ZONE, changeRecord } from '../../../fixtures/notes/sampleNotes';

const config = defaultTeamConfig();
// A Wednesday morning: outside the default weekly freeze.
const CALM = new Date('2025-03-12T09:00:00.000Z');
const person = { name: 'Ana Ruiz', email: 'ana@example.com' };

describe('buildDeploymentNote', () => {
  it('lists each change with description, user impact, risks, rollback, escalation and author', () => {
    const note = buildDeploymentNote({ range: RANGE, entries: ENTRIES, config, now: CALM, timeZone: TIME_ZONE, by: 'Ana Ruiz' });
    const [login, redis] = note.changes;
    assert.deepEqual(
      { title: login.title, tickets: login.tickets, userImpact: login.userImpact, rollbackPlan: login.rollbackPlan, escalation: login.escalation, author: login.author, matchedBy: login.matchedBy },
      { title: 'Login timeout shortened to 5 minutes', tickets: ['PROJ-123'], userImpact: 'Users on old devices may be logged out mid-form.', rollbackPlan: 'Set SESSION_TIMEOUT_MINUTES back to 30 and redeploy.', escalation: 'Engineering manager on call', author: 'Ana Ruiz', matchedBy: 'commit' },
    );
    assert.match(login.description, /^Sessions left open.*\n\nHow we know it is fixed/s);
    assert.deepEqual(login.commits.sort(), [SHAS.login, SHAS.warning].sort());
    assert.equal(redis.matchedBy, 'ticket', 'squash-merged: tied by its ticket');
    assert.equal(redis.rollbackPlan, undefined, '"n/a" is no rollback plan');
    assert.equal(redis.escalation, 'Incident commander', 'no escalation in the record: the matrix for its criticality');
    assert.deepEqual(note.withoutRollback, [{ recordId: REDIS.id, title: REDIS.title }]);
    assert.deepEqual(note.unrecorded.map((c) => c.sha), [SHAS.spike], 'the merge commit is not listed: its content is');
    assert.deepEqual(note.risk, { level: 'critical', systems: ['Platform'], escalation: 'Incident commander', danger: 1, warning: 1 });
    assert.deepEqual(note.rollback, { commit: SHAS.previous });
    assert.deepEqual(note.problems, []);
    assert.match(noteDocument(note).sections.at(-1)?.text ?? '', /^Redeploy 1a1a1a1, the commit live on production before this deployment\./);
  });

  it('inside a freeze window: the note says so, recording needs a reason, and the record keeps it', () => {
    const note = buildDeploymentNote({ range: RANGE, entries: ENTRIES, config, now: NOW, timeZone: TIME_ZONE });
    assert.deepEqual(note.risk.freeze, { window: 'Friday 15:00 to Monday 06:00', reason: 'Friday 15:00 to Monday 06:00, Europe/Madrid', until: '2025-03-17T05:00:00.000Z' });
    assert.equal(note.risk.freezeOverride, undefined);
    assert.match(noteDocument(note).facts.find((f) => f.label === 'Freeze window')?.value ?? '', /needs an override reason before it is recorded/);
    assert.throws(() => buildDeploymentRecord({ note, by: person, now: NOW }), (e: unknown) => e instanceof FreezeOverrideRequired && /give a reason for the override/.test(e.message));
    assert.throws(() => buildDeploymentRecord({ note, by: person, now: NOW, freezeOverrideReason: '   ' }), FreezeOverrideRequired);
    const record = buildDeploymentRecord({ note, by: person, now: NOW, freezeOverrideReason: 'Fixes the login outage (INC-42)', message: 'Hotfix' });
    assert.deepEqual(record.freezeOverride, { reason: 'Fixes the login outage (INC-42)', by: person });
    assert.equal(record.note, 'Hotfix');
    const recorded = recordedNote(note, record);
    assert.equal(recorded.deploymentId, record.id);
    assert.deepEqual(recorded.risk.freezeOverride, { reason: 'Fixes the login outage (INC-42)', by: 'Ana Ruiz' });
  });

  it('buildDeploymentRecord: a valid DeploymentRecord with the commit, the previous one and the record ids', () => {
    const note = buildDeploymentNote({ range: RANGE, entries: ENTRIES, config, now: CALM, timeZone: TIME_ZONE });
    const record = buildDeploymentRecord({ note, by: person, now: CALM });
    assert.ok(deploymentRecordSchema.safeParse(record).success);
    assert.deepEqual(
      { environment: record.environment, commit: record.commit, previousCommit: record.previousCommit, records: record.records, createdAt: record.createdAt, freezeOverride: record.freezeOverride },
      { environment: 'production', commit: SHAS.to, previousCommit: SHAS.previous, records: [LOGIN.id, REDIS.id], createdAt: CALM.toISOString(), freezeOverride: undefined },
    );
  });

  it('first deployment and an unknown range: the rollback says there is no commit to go back to', () => {
    const first: DeploymentRange = { ...RANGE, from: undefined, previous: undefined, basis: 'none', firstDeploy: true };
    const note = buildDeploymentNote({ range: first, entries: ENTRIES, config, now: CALM, timeZone: TIME_ZONE });
    assert.deepEqual(note.rollback, {});
    assert.match(noteDocument(note).sections.at(-1)?.text ?? '', /first deployment to production that ChangeTrail knows of/);
    const lost: DeploymentRange = { ...RANGE, previous: 'abcdef1234567', previousMissing: true, problem: 'The commit live on production cannot be found.' };
    const lostNote = buildDeploymentNote({ range: lost, entries: ENTRIES, config, now: CALM, timeZone: TIME_ZONE });
    assert.deepEqual(lostNote.rollback, { commit: 'abcdef1234567', commitMissing: true });
    assert.deepEqual(lostNote.problems, ['The commit live on production cannot be found.']);
    assert.match(noteDocument(lostNote).sections.at(-1)?.text ?? '', /use its build artifact/);
  });

  it('masks credentials people pasted into records, in the note itself', () => {
    const leaky = { ...LOGIN, rollbackPlan: 'curl -H "Authorization: Bearer abcdefghijkl0123456789" "https://ci.example.com/redeploy?token=tok_0123456789abcdef&env=prod" (exit code=1)' };
    const note = buildDeploymentNote({ range: RANGE, entries: [leaky, REDIS], config, now: CALM, timeZone: TIME_ZONE });
    assert.equal(note.changes[0].rollbackPlan, 'curl -H "Authorization: Bearer ***" "https://ci.example.com/redeploy?token=***&env=prod" (exit code=1)');
  });

  it('an empty range says nothing is new', () => {
    const empty: DeploymentRange = { ...RANGE, from: SHAS.to, commits: [], totalCommits: 0 };
    const doc = noteDocument(buildDeploymentNote({ range: empty, entries: ENTRIES, config, now: CALM }));
    assert.equal(doc.sections[0].heading, 'Nothing new');
    assert.match(doc.summary, /: nothing new;/);
  });
});

describe('matchRecords', () => {
  it('prefers the record of the merged branch, then this environment, and ignores amended and already shipped records', () => {
    const commits = [{ sha: 'f'.repeat(40), subject: 'PROJ-9: again', author: 'Ana Ruiz', date: '', tickets: ['PROJ-9'] }];
    const old = changeRecord({ id: '01JP0000000000000000000001', title: 'Old PROJ-9 work', tickets: ['PROJ-9'], createdAt: '2025-01-01T00:00:00.000Z' });
    const shipped = { ...PREVIOUS_DEPLOYMENT, records: [old.id] };
    const staging = changeRecord({ id: '01JP0000000000000000000002', title: 'Staging record', tickets: ['PROJ-9'], environment: 'staging', createdAt: '2025-03-10T00:00:00.000Z' });
    const prod = changeRecord({ id: '01JP0000000000000000000003', title: 'Production record', tickets: ['PROJ-9'], createdAt: '2025-03-09T00:00:00.000Z' });
    const amended = changeRecord({ id: '01JP0000000000000000000004', title: 'Production record, amended', tickets: ['PROJ-9'], supersedes: prod.id, createdAt: '2025-03-09T12:00:00.000Z' });
    assert.deepEqual(matchRecords(commits, [old, shipped], 'production').unrecorded.length, 1, 'a record shipped before does not match by ticket alone');
    assert.equal(matchRecords(commits, [old, staging, prod], 'production').matches[0].record.id, prod.id);
    assert.equal(matchRecords(commits, [old, staging, prod, amended], 'production').matches[0].record.id, amended.id);
    const branchRecord = changeRecord({ id: '01JP0000000000000000000005', title: 'On the merged branch', tickets: ['PROJ-9'], branch: 'feature/PROJ-9', environment: 'staging', createdAt: '2025-03-01T00:00:00.000Z' });
    const merge = { sha: 'e'.repeat(40), subject: "Merge branch 'feature/PROJ-9'", author: 'Ana Ruiz', date: '', tickets: ['PROJ-9'], merge: true, mergedBranch: 'feature/PROJ-9' };
    const { matches } = matchRecords([merge, ...commits], [prod, branchRecord], 'production');
    assert.deepEqual(matches.map((m) => [m.record.id, m.commits.length]), [[branchRecord.id, 2]]);
  });
});
