import * as assert from 'node:assert/strict';
import { defaultTeamConfig } from '../../../../src/core/config/teamConfigSchema';
import { buildDeploymentNote } from '../../../../src/core/notes/deploymentNote';
import { deploymentRange } from '../../../../src/core/notes/deploymentRange';
import { buildDigest } from '../../../../src/core/notes/digest';
import { deployedWithoutRecord } from '../../../../src/core/notes/deployedWithoutRecord';
import { digestDocument } from '../../../../src/core/notes/noteDocument';
import { noteDocument } from '../../../../src/core/notes/noteDocument';
import type { ChangeRecord, DeploymentRecord } from '../../../../src/core/records/changeRecord';
import { ulid } from '../../../../src/core/records/ulid';
import { ENTRIES, LOGIN, NOW, RANGE, TIME_ZONE } from '../../../fixtures/notes/sampleNotes';
import { type TestRepo, createTestRepo } from '../../../helpers/createTestRepo';

// Issue 10 item 4: what a note or digest must not misstate.

const config = defaultTeamConfig();

function deployed(commit: string, createdAt: string): DeploymentRecord {
  return { schema: 'changetrail/deployment', version: 1, id: ulid(Date.parse(createdAt)), createdAt, environment: 'production', commit, by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records: [] };
}

describe('deployment notes state what is true (issue 10 item 4)', () => {
  it('a staging note inside the production freeze carries no freeze risk, neither overall nor per change', () => {
    const frozen = ENTRIES.map((e) => (e.id === LOGIN.id ? { ...(e as ChangeRecord), riskFlags: [...(e as ChangeRecord).riskFlags, { id: 'freezeWindow' as const, severity: 'danger' as const, message: 'Production change inside the freeze window' }] } : e));
    const note = buildDeploymentNote({ range: { ...RANGE, environment: 'staging' }, entries: frozen, config, now: NOW, timeZone: TIME_ZONE });
    assert.equal(note.risk.freeze, undefined);
    const text = JSON.stringify(noteDocument(note));
    assert.doesNotMatch(text, /freeze/i);
  });

  it('leaves out "What users may notice" when the record does not say', () => {
    const note = buildDeploymentNote({ range: RANGE, entries: ENTRIES, config, now: NOW, timeZone: TIME_ZONE });
    const doc = JSON.stringify(noteDocument(note));
    assert.doesNotMatch(doc, /Not stated/);
    assert.match(doc, /What users may notice/, 'the record that answers it still shows it');
  });

  it('a message from the deployer comes first in the document', () => {
    const note = { ...buildDeploymentNote({ range: RANGE, entries: ENTRIES, config, now: NOW, timeZone: TIME_ZONE, by: 'Ana Ruiz' }), message: 'Watch the login error rate for an hour.' };
    const section = noteDocument(note).sections[0];
    assert.deepEqual([section.heading, section.text], ['Message from Ana Ruiz', 'Watch the login error rate for an hour.']);
  });

  describe('right after a deployment', () => {
    let repo: TestRepo;
    beforeEach(() => (repo = createTestRepo()));
    afterEach(() => repo.dispose());

    it('names the previous deployment as the rollback, not the commit live now', async () => {
      const first = repo.commit('PROJ-1: one', { 'a.txt': '1' });
      const second = repo.commit('PROJ-2: two', { 'a.txt': '2' });
      const entries = [deployed(first, '2025-03-01T10:00:00.000Z'), deployed(second, '2025-03-02T10:00:00.000Z')];
      const range = await deploymentRange(repo.path, 'production', 'HEAD', { entries });
      assert.equal(range.totalCommits, 0);
      assert.equal(range.previous, first);
      const note = buildDeploymentNote({ range, entries, config, now: NOW, timeZone: TIME_ZONE });
      assert.match(noteDocument(note).sections.at(-1)?.text ?? '', new RegExp(`^Redeploy ${first.slice(0, 7)}`));
    });
  });
});

describe('digest titles say the period (issue 10 item 4)', () => {
  const now = new Date('2025-03-14T12:00:00.000Z');
  it('"This Week in Changes" only for the week ending now', () => {
    assert.equal(buildDigest([], { now }).title, 'This Week in Changes');
    assert.equal(buildDigest([], { now, since: new Date(now.getTime() - 24 * 3_600_000) }).title, 'Changes in the Last 24 Hours');
    assert.equal(buildDigest([], { now, since: new Date('2025-03-01T00:00:00.000Z'), until: new Date('2025-03-05T00:00:00.000Z') }).title, 'Changes from 2025-03-01 to 2025-03-05');
    assert.equal(buildDigest([], { now, title: 'Release 4.2' }).title, 'Release 4.2');
  });
});

describe('the digest lists deployed commits without a change record (issue 10 item 4)', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = createTestRepo()));
  afterEach(() => repo.dispose());

  it('names each deployed commit no record covers, once, and leaves out the recorded ones', async () => {
    const base = repo.commit('PROJ-1: base', { 'a.txt': '1' });
    const recorded = repo.commit('PROJ-2: recorded change', { 'a.txt': '2' });
    const bare = repo.commit('Quick fix without a ticket', { 'b.txt': '1' });
    const record = { ...(ENTRIES.find((e) => e.id === LOGIN.id) as ChangeRecord), id: ulid(Date.parse('2025-03-09T10:00:00.000Z')), createdAt: '2025-03-09T10:00:00.000Z', commits: [{ sha: recorded, subject: 'PROJ-2: recorded change' }], tickets: ['PROJ-2'] };
    const deployment: DeploymentRecord = { ...deployed(bare, '2025-03-13T10:00:00.000Z'), previousCommit: base };
    const entries = [record, deployment];
    const now = new Date('2025-03-14T12:00:00.000Z');
    const since = new Date('2025-03-07T12:00:00.000Z');
    const unrecorded = await deployedWithoutRecord(repo.path, entries, async () => entries, { since, until: now });
    assert.deepEqual(unrecorded.map((c) => c.sha), [bare]);
    const doc = digestDocument(buildDigest(entries, { now, since, unrecorded }));
    const section = doc.sections.find((s) => /Deployed without a change record \(1\)/.test(s.heading));
    assert.ok(section, JSON.stringify(doc.sections.map((s) => s.heading)));
    assert.match(section.bullets?.[0] ?? '', /Quick fix without a ticket/);
  });
});

describe('digest and deployed-without-record order by the instant a time names, not its text', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = createTestRepo()));
  afterEach(() => repo.dispose());

  it('a deployment written "+01:00" by another tool is older than a later one in Z', async () => {
    const base = repo.commit('base', { 'a.txt': '1' });
    const first = repo.commit('first bare commit', { 'b.txt': '1' });
    const second = repo.commit('second bare commit', { 'c.txt': '1' });
    // 10:00+01:00 is 09:00Z: before 09:30Z, though its text sorts after it.
    const older: DeploymentRecord = { ...deployed(first, '2025-03-13T10:00:00+01:00'), previousCommit: base };
    const newer: DeploymentRecord = { ...deployed(second, '2025-03-13T09:30:00.000Z'), previousCommit: first };
    const entries = [older, newer];
    const unrecorded = await deployedWithoutRecord(repo.path, entries, async () => [], { since: new Date('2025-03-07T12:00:00.000Z'), until: new Date('2025-03-14T12:00:00.000Z') });
    assert.deepEqual(unrecorded.map((c) => c.sha), [second, first]);
  });

  it('the digest lists a system’s changes oldest first by instant', () => {
    const login = ENTRIES.find((e) => e.id === LOGIN.id) as ChangeRecord;
    const a = { ...login, id: ulid(Date.parse('2025-03-12T09:00:00.000Z')), title: 'Earlier (+01:00)', createdAt: '2025-03-12T10:00:00+01:00' };
    const b = { ...login, id: ulid(Date.parse('2025-03-12T09:30:00.000Z')), title: 'Later (Z)', createdAt: '2025-03-12T09:30:00.000Z' };
    const digest = buildDigest([b, a], { now: NOW });
    const items = digest.groups.flatMap((g) => g.items.map((i) => i.title));
    assert.deepEqual(items, ['Earlier (+01:00)', 'Later (Z)']);
  });
});
