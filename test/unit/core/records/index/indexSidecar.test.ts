import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Logger } from '../../../../../src/core/log';
import { serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord } from '../../../../../src/core/records/changeRecord';
import { saveSidecar } from '../../../../../src/core/records/index/indexSidecar';
import { sidecarPathFor } from '../../../../../src/core/records/index/sidecarLocation';
import { EntryTable } from '../../../../../src/core/records/index/entryTable';
import { LogIndex } from '../../../../../src/core/records/index/logIndex';
import { closeChangeLogIndex, openChangeLogIndex } from '../../../../../src/core/records/index/openChangeLogIndex';
import { ulid } from '../../../../../src/core/records/ulid';
import { type TestRepo, createTestRepo } from '../../../../helpers/createTestRepo';

const START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

function change(n: number, ticket = `PROJ-${n % 7}`, padding = ''): string {
  const at = START + n * HOUR;
  const record: ChangeRecord = {
    schema: 'changetrail/change', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), tickets: [ticket], title: `change ${n}`, description: padding, reason: 'why',
    systems: [{ name: n % 2 ? 'billing' : 'auth', criticality: 'high' }], author: { name: 'Ana', email: 'ana@example.com' }, branch: `feature/${n % 5}`,
    commits: [{ sha: (n.toString(16).padStart(7, '0') + 'abcdef').slice(0, 13), subject: 'fix' }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
  return `${serializeEntry(record)}\n`;
}

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => change(from + i)).join('');

/** A logger keeping debug and warning lines, to see what the index read. */
function notes(): Logger & { lines: string[] } {
  const kept: string[] = [];
  const none = () => undefined;
  return { lines: kept, trace: none, debug: (m: string) => void kept.push(m), info: none, warn: (m: string) => void kept.push(m), error: none };
}

const titles = async (index: LogIndex, ticket: string) => (await index.query({ ticket })).map((e) => (e as ChangeRecord).title);

describe('The change-log index kept between processes (sidecar)', () => {
  let repo: TestRepo;
  let log: string;
  let sidecar: string;
  beforeEach(() => {
    repo = createTestRepo();
    log = join(repo.path, '.changetrail', 'changes.jsonl');
    repo.write('.changetrail/changes.jsonl', lines(0, 300));
    sidecar = sidecarPathFor(log) as string;
  });
  afterEach(() => {
    closeChangeLogIndex();
    repo.dispose();
  });

  it('lives in the git directory of the repository holding the log, and nowhere outside a repository', () => {
    assert.equal(dirname(sidecar), join(repo.path, '.git', 'changetrail', 'index'));
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-norepo-')));
    try {
      assert.equal(sidecarPathFor(join(outside, 'changes.jsonl')), undefined);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
    const worktree = `${repo.path}-wt`;
    repo.git('worktree', 'add', '-q', worktree);
    try {
      const inWorktree = sidecarPathFor(join(worktree, '.changetrail', 'changes.jsonl')) as string;
      assert.ok(inWorktree.startsWith(join(repo.path, '.git', 'worktrees')), inWorktree);
    } finally {
      rmSync(worktree, { recursive: true, force: true });
    }
  });

  it('is taken over by a new process, which reads only the bytes appended since', async () => {
    await new LogIndex(log, notes(), { sidecar, saveAfter: 1 }).refresh();
    assert.ok(existsSync(sidecar));
    const saved = statSync(log).size;
    appendFileSync(log, lines(300, 320));
    const seen = notes();
    const next = new LogIndex(log, seen, { sidecar });
    assert.deepEqual(await titles(next, 'PROJ-3'), await titles(new LogIndex(log, notes()), 'PROJ-3'));
    assert.ok(seen.lines.some((m) => m.includes('took over the saved index (300 entries')), seen.lines.join('\n'));
    assert.deepEqual(seen.lines.filter((m) => m.includes('indexing bytes')), [`${log}: indexing bytes ${saved} to ${statSync(log).size}`]);
  });

  it('a taken-over index saves again with what was appended, and the next process answers the same', async () => {
    await new LogIndex(log, notes(), { sidecar, saveAfter: 1 }).refresh();
    appendFileSync(log, lines(300, 360));
    await new LogIndex(log, notes(), { sidecar, saveAfter: 1 }).refresh();
    appendFileSync(log, lines(360, 365));
    const seen = notes();
    const third = new LogIndex(log, seen, { sidecar });
    const fresh = new LogIndex(log, notes());
    for (const ticket of ['PROJ-0', 'PROJ-3', 'PROJ-6']) assert.deepEqual(await titles(third, ticket), await titles(fresh, ticket));
    for (const branch of ['feature/1', 'feature/4']) assert.deepEqual((await third.recordsOfBranch(branch)).map((r) => r.title), (await fresh.recordsOfBranch(branch)).map((r) => r.title));
    assert.ok(seen.lines.some((m) => m.includes('took over the saved index (360 entries')), seen.lines.join('\n'));
  });

  it('is not trusted for a log rewritten in place, even at the same size', async () => {
    await new LogIndex(log, notes(), { sidecar, saveAfter: 1 }).refresh();
    const text = readFileSync(log, 'utf8');
    writeFileSync(log, text.replace(/PROJ-1/g, 'PROJ-8'));
    const seen = notes();
    const next = new LogIndex(log, seen, { sidecar });
    assert.equal((await titles(next, 'PROJ-8')).length, (await titles(new LogIndex(log, notes()), 'PROJ-8')).length);
    assert.ok((await titles(next, 'PROJ-8')).length > 0);
    assert.equal((await titles(next, 'PROJ-1')).length, 0);
    assert.ok(!seen.lines.some((m) => m.includes('took over')), seen.lines.join('\n'));
  });

  it('is ignored when damaged, and the answers are the log\'s own', async () => {
    await new LogIndex(log, notes(), { sidecar, saveAfter: 1 }).refresh();
    const good = readFileSync(sidecar);
    const expected = await titles(new LogIndex(log, notes()), 'PROJ-2');
    // A posting list is checked on its kind's first lookup: a damaged one drops the table taken over, with a warning.
    const damaged: [string, Buffer, boolean][] = [
      ['cut short', good.subarray(0, Math.floor(good.length / 2)), false],
      ['garbage', Buffer.alloc(good.length, 0x41), false],
      ['an entry number past the end', pointPastEnd(good), true],
      ['another version', Buffer.concat([good.subarray(0, 4), Buffer.from([9, 0, 0, 0]), good.subarray(8)]), false],
    ];
    for (const [what, bytes, usable] of damaged) {
      writeFileSync(sidecar, bytes);
      const seen = notes();
      const index = new LogIndex(log, seen, { sidecar });
      assert.deepEqual(await titles(index, 'PROJ-2'), expected, what);
      for (const e of await index.query({})) assert.equal((await index.get(e.id))?.id, e.id, what);
      assert.equal(seen.lines.some((m) => m.includes('took over')), usable, what);
      assert.equal(seen.lines.some((m) => m.includes('damaged; indexing the log afresh')), usable, what);
    }
  });

  it('is written for a big log only (4 MB indexed since the last save), through openChangeLogIndex', async () => {
    await openChangeLogIndex(log, { logger: notes() }).refresh();
    assert.ok(!existsSync(sidecar), 'a small log is quicker to read than a saved index');
    closeChangeLogIndex();
    const padding = 'x'.repeat(4096);
    appendFileSync(log, Array.from({ length: 1100 }, (_, i) => change(300 + i, 'PROJ-9', padding)).join(''));
    const index = openChangeLogIndex(log, { logger: notes() });
    assert.equal((await index.query({ ticket: 'PROJ-9' })).length, 1100);
    assert.ok(existsSync(sidecar));
    assert.deepEqual(readdirSync(dirname(sidecar)), [sidecar.slice(dirname(sidecar).length + 1)], 'no temporary file is left');
    closeChangeLogIndex();
    const seen = notes();
    const again = openChangeLogIndex(log, { logger: seen });
    assert.equal((await again.query({ ticket: 'PROJ-9', limit: 5 })).length, 5);
    assert.ok(seen.lines.some((m) => m.includes('took over the saved index (1400 entries')), seen.lines.join('\n'));
  });

  it('a save prunes what no process reads again: the index of a log that is gone, an older format, an abandoned temporary file', async () => {
    const other = join(repo.path, '.changetrail', 'old.jsonl');
    writeFileSync(other, lines(0, 50));
    await new LogIndex(other, notes(), { sidecar: sidecarPathFor(other), saveAfter: 1 }).refresh();
    const gone = sidecarPathFor(other) as string;
    assert.ok(existsSync(gone));
    rmSync(other);
    const dir = dirname(sidecar);
    const older = join(dir, 'older.idx');
    writeFileSync(older, Buffer.concat([Buffer.from('CTIX'), Buffer.from([1, 0, 0, 0, 2, 0, 0, 0]), Buffer.from('{}')]));
    const saving = join(dir, 'saving.idx.2.tmp');
    writeFileSync(saving, 'now');
    // Two hours before "now" on the file system's clock (which a faked process clock does not move).
    const abandoned = join(dir, 'abandoned.idx.1.tmp');
    writeFileSync(abandoned, 'half');
    const twoHoursBefore = new Date(statSync(saving).mtimeMs - 2 * HOUR);
    utimesSync(abandoned, twoHoursBefore, twoHoursBefore);
    const foreign = join(dir, 'notes.txt');
    writeFileSync(foreign, 'not ours');
    await new LogIndex(log, notes(), { sidecar, saveAfter: 1 }).refresh();
    assert.deepEqual(readdirSync(dir).sort(), [sidecar.slice(dir.length + 1), 'notes.txt', 'saving.idx.2.tmp'].sort(), 'the live index, a save in progress and a file not ours stay');
  });

  it('is not saved when the log no longer holds the bytes the table was built from', async () => {
    const text = readFileSync(log);
    const state = { indexed: text.length, lineCount: 300, tornAt: -1, head: Buffer.from('{"schema":"changetrail/incident"'), tail: text.subarray(-64), problems: [], newer: [], columns: new EntryTable().columns() };
    await assert.rejects(saveSidecar(sidecar, log, state), /changed while it was being indexed/);
    assert.ok(!existsSync(sidecar));
  });

  it('a log cut short after the save is indexed afresh', async () => {
    await new LogIndex(log, notes(), { sidecar, saveAfter: 1 }).refresh();
    truncateSync(log, statSync(log).size - change(299).length);
    const next = new LogIndex(log, notes(), { sidecar });
    assert.deepEqual((await next.query({ limit: 1 })).map((e) => (e as ChangeRecord).title), ['change 298']);
  });
});

// The sidecar with the first entry number of the id posting lists set past the table's end.
function pointPastEnd(good: Buffer): Buffer {
  const length = good.readUInt32LE(8);
  const header = JSON.parse(good.toString('utf8', 12, 12 + length)) as { sections: { name: string; offset: number; length: number }[] };
  const entries = header.sections.find((s) => s.name === 'entries0:u32') as { offset: number };
  const bad = Buffer.from(good);
  bad.writeUInt32LE(0xfffffff0, entries.offset);
  return bad;
}
