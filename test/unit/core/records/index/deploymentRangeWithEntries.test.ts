import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../../../../src/core/log';
import { deploymentRange } from '../../../../../src/core/notes/deploymentRange';
import { serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, LogEntry } from '../../../../../src/core/records/changeRecord';
import type { ChangeLogIndex } from '../../../../../src/core/records/index/changeLogIndex';
import { deploymentRangeWithEntries, entriesForRange } from '../../../../../src/core/records/index/indexAnswers';
import { LogIndex } from '../../../../../src/core/records/index/logIndex';
import { ulid } from '../../../../../src/core/records/ulid';
import { type TestRepo, createTestRepo } from '../../../../helpers/createTestRepo';

// Record Deployment looks the range's records up while git still counts the range: the range and
// the entries it gets must be what deploymentRange and then entriesForRange give, in every shape
// of range (a plain one, an empty one, a first deployment, one past a commit a force push removed).

const by = { name: 'Ana Ruiz', email: 'ana@example.com' };
let n = 0;
const at = () => new Date(Date.UTC(2025, 2, 1) + n++ * 60_000).toISOString();
const change = (sha: string, ticket: string): ChangeRecord => {
  const createdAt = at();
  return { schema: 'changetrail/change', version: 1, id: ulid(Date.parse(createdAt)), createdAt, tickets: [ticket], title: ticket, description: '', reason: '', systems: [], author: by, commits: [{ sha, subject: ticket }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production' };
};
const deployed = (commit: string, records: string[] = []): DeploymentRecord => {
  const createdAt = at();
  return { schema: 'changetrail/deployment', version: 1, id: ulid(Date.parse(createdAt)), createdAt, environment: 'production', commit, by, records };
};

/** The index with its bestForCommits calls (the range's records by commit) counted. */
function counted(index: ChangeLogIndex): { index: ChangeLogIndex; calls: () => number } {
  let calls = 0;
  const wrapped = Object.create(index) as ChangeLogIndex;
  wrapped.bestForCommits = (shas, options) => {
    calls++;
    return index.bestForCommits(shas, options);
  };
  return { index: wrapped, calls: () => calls };
}

describe('deploymentRangeWithEntries', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = createTestRepo()));
  afterEach(() => repo.dispose());

  async function same(entries: LogEntry[], ref = 'HEAD'): Promise<{ calls: number; commits: number }> {
    const log = join(repo.path, 'changes.jsonl');
    writeFileSync(log, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
    const candidates = entries.filter((e) => e.schema === 'changetrail/deployment');
    const { index, calls } = counted(new LogIndex(log, silentLogger));
    const got = await deploymentRangeWithEntries(index, repo.path, 'production', ref, { entries: candidates });
    const range = await deploymentRange(repo.path, 'production', ref, { entries: candidates });
    assert.deepEqual(got.range, range);
    const mine = await got.entries;
    const expected = await entriesForRange(new LogIndex(log, silentLogger), range.commits, 'production');
    assert.deepEqual(mine.map((e) => e.id).sort(), expected.map((e) => e.id).sort());
    return { calls: calls(), commits: range.commits.length };
  }

  it('a plain range: the records looked up once, while git counted', async () => {
    const a = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    const b = repo.commit('PROJ-2: two', { 'a.txt': '2' });
    const c = repo.commit('PROJ-3: three', { 'a.txt': '3' });
    const records = [change(a, 'PROJ-1'), change(b, 'PROJ-2'), change(c, 'PROJ-3')];
    const { calls, commits } = await same([...records, deployed(a, [records[0].id])]);
    assert.equal(commits, 2);
    assert.equal(calls, 1, 'the early lookup is the one used');
  });

  it('an empty range, a first deployment, and a range past a commit a force push removed', async () => {
    const first = repo.commit('PROJ-1: one', { 'a.txt': '1' });
    const head = repo.commit('PROJ-2: two', { 'a.txt': '2' });
    await same([change(first, 'PROJ-1'), deployed(head)]);
    await same([change(first, 'PROJ-1'), change(head, 'PROJ-2')]);
    const lost = repo.commit('PROJ-3: deployed, then force-pushed away', { 'a.txt': '3' });
    repo.git('reset', '-q', '--hard', head);
    const rewritten = repo.commit('PROJ-4: the rewritten history', { 'a.txt': '4' });
    repo.git('reflog', 'expire', '--expire=now', '--all');
    repo.git('gc', '-q', '--prune=now');
    await same([change(first, 'PROJ-1'), change(rewritten, 'PROJ-4'), deployed(first), deployed(lost)]);
    await same([change(rewritten, 'PROJ-4'), deployed(lost)]);
  });

  it('a range of 150 commits with long messages (git lists it in many chunks): the range\'s entries, looked up once', async () => {
    const base = repo.commit('PROJ-0: deployed', { 'a.txt': '0' });
    // 150 commits with 2 KB messages: git writes the listing in several chunks.
    const body = 'x'.repeat(2048);
    const stream = Array.from({ length: 150 }, (_, i) => {
      const message = `PROJ-${i + 1}: change ${i + 1}\n\n${body}\n`;
      return `commit refs/heads/main\nmark :${i + 1}\ncommitter Ana Ruiz <ana@example.com> ${1_740_000_000 + i} +0000\ndata ${Buffer.byteLength(message)}\n${message}from ${i === 0 ? base : `:${i}`}\n\n`;
    });
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.path, input: stream.join('') });
    repo.git('reset', '-q', '--hard', 'main');
    const shas = repo.git('rev-list', '--reverse', `${base}..main`).trim().split('\n');
    const records = shas.filter((_, i) => i % 3 !== 0).map((sha, i) => change(sha, `PROJ-${i + 1}`));
    // An older deployment (elsewhere in history) that carried two of the records, then the one live now.
    const carrier = deployed(shas[10], [records[5].id, records[6].id]);
    const { calls, commits } = await same([...records, carrier, deployed(base)]);
    assert.equal(commits, 150);
    assert.equal(calls, 1, 'the early lookup is the one used');
  });
});
