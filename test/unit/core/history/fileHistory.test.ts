import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FileHistoryEntry, streamFileHistory } from '../../../../src/core/history/fileHistory';
import { createTestRepo, type TestRepo } from '../../../helpers/createTestRepo';
import { commitAt, gitEnv, gitProcessesIn, importCommits } from './historyFixtures';

const T = 1_700_000_000;
const brief = (entries: readonly FileHistoryEntry[]) => entries.map((e) => `${e.status} ${e.path}${e.previousPath ? ` <- ${e.previousPath}` : ''}${e.isMerge ? ' (merge)' : ''}`);

/** login.ts: added, edited, moved to auth/, edited on two branches, merged, renamed to signIn.ts. */
function renamedAndMerged(repo: TestRepo): void {
  commitAt(repo, T + 10, 'PROJ-1: add login', { 'src/login.ts': 'a\nb\n' });
  commitAt(repo, T + 20, 'PROJ-2: tweak login', { 'src/login.ts': 'a\nb\nc\n' });
  repo.write('src/auth/.keep', '');
  repo.git('mv', 'src/login.ts', 'src/auth/login.ts');
  commitAt(repo, T + 30, 'PROJ-3: move login to auth');
  repo.git('checkout', '-q', '-b', 'feature');
  commitAt(repo, T + 40, 'PROJ-4: feature edit', { 'src/auth/login.ts': 'a\nb\nc\nd\n' });
  repo.git('checkout', '-q', 'main');
  commitAt(repo, T + 50, 'PROJ-5: main edit', { 'src/auth/login.ts': 'z\na\nb\nc\n' });
  repo.git('merge', '-q', '--no-ff', '--no-edit', 'feature', '-m', 'Merge feature PROJ-4');
  repo.git('mv', 'src/auth/login.ts', 'src/auth/signIn.ts');
  commitAt(repo, T + 70, 'PROJ-6: rename login to signIn');
}

describe('file history (real git)', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = createTestRepo();
  });
  afterEach(() => repo.dispose());

  it('follows renames and merges, with the path the file had at each commit', async () => {
    renamedAndMerged(repo);
    const page = await streamFileHistory(repo.path, 'src/auth/signIn.ts');
    assert.deepEqual(brief(page.entries), [
      'R src/auth/signIn.ts <- src/auth/login.ts',
      'M src/auth/login.ts (merge)',
      'M src/auth/login.ts',
      'M src/auth/login.ts',
      'R src/auth/login.ts <- src/login.ts',
      'M src/login.ts',
      'A src/login.ts',
    ]);
    assert.deepEqual(page.entries.map((e) => e.tickets.join()), ['PROJ-6', 'PROJ-4', 'PROJ-5', 'PROJ-4', 'PROJ-3', 'PROJ-2', 'PROJ-1']);
    const merge = page.entries[1];
    assert.equal(merge.parents.length, 2);
    assert.equal(merge.subject, 'Merge feature PROJ-4');
    assert.deepEqual(merge.author, { name: 'Ana Ruiz', email: 'ana@example.com' });
    assert.equal(page.entries[6].authorDate, '2023-11-14T22:13:30+00:00');
    assert.equal(page.complete, true);
    assert.equal(page.shallow, false);
  });

  it('shows a merge that resolved a conflict in the file', async () => {
    commitAt(repo, T + 10, 'base', { 'f.txt': 'one\n' });
    repo.git('checkout', '-q', '-b', 'side');
    commitAt(repo, T + 20, 'side', { 'f.txt': 'side\n' });
    repo.git('checkout', '-q', 'main');
    commitAt(repo, T + 30, 'main', { 'f.txt': 'main\n' });
    assert.throws(() => repo.git('merge', '-q', 'side'));
    commitAt(repo, T + 40, 'Merge side, keep both PROJ-8', { 'f.txt': 'main\nside\n' });
    const page = await streamFileHistory(repo.path, 'f.txt');
    assert.deepEqual(page.entries.map((e) => `${e.subject}${e.isMerge ? ' (merge)' : ''}`), ['Merge side, keep both PROJ-8 (merge)', 'main', 'side', 'base']);
  });

  it('reads the history of a deleted file, deletion first', async () => {
    commitAt(repo, T + 10, 'add old', { 'old.txt': '1\n' });
    commitAt(repo, T + 20, 'edit old', { 'old.txt': '2\n' });
    repo.git('rm', '-q', 'old.txt');
    commitAt(repo, T + 30, 'PROJ-7 remove old');
    const page = await streamFileHistory(repo.path, 'old.txt');
    assert.deepEqual(brief(page.entries), ['D old.txt', 'M old.txt', 'A old.txt']);
  });

  it('reads the history of a binary file', async () => {
    commitAt(repo, T + 10, 'logo', { 'logo.png': Buffer.from([0x89, 0x50, 0, 1, 2]) });
    commitAt(repo, T + 20, 'new logo', { 'logo.png': Buffer.from([0x89, 0x50, 0, 3, 4]) });
    assert.deepEqual(brief((await streamFileHistory(repo.path, 'logo.png')).entries), ['M logo.png', 'A logo.png']);
  });

  it('handles file names that are not UTF-8, renames included', async () => {
    const oldName = Buffer.from('caf\xe9.txt', 'latin1');
    const newName = Buffer.from('caf\xe9 menu.txt', 'latin1');
    const inRepo = (name: Buffer) => Buffer.concat([Buffer.from(`${repo.path}/`), name]);
    writeFileSync(inRepo(oldName), 'menu\nof the day\n');
    commitAt(repo, T + 10, 'add latin-1 name');
    renameSync(inRepo(oldName), inRepo(newName));
    commitAt(repo, T + 20, 'rename latin-1 name');
    const page = await streamFileHistory(repo.path, newName);
    assert.deepEqual(brief(page.entries), ['R caf\uFFFD menu.txt <- caf\uFFFD.txt', 'A caf\uFFFD.txt']);
    assert.deepEqual(Buffer.from(page.entries[0].pathBytes as Uint8Array), newName);
    assert.deepEqual(Buffer.from(page.entries[1].pathBytes as Uint8Array), oldName);
    // UTF-8 names carry no bytes, and names with pathspec magic are taken literally.
    commitAt(repo, T + 30, 'odd names', { 'ünï*.txt': 'a\n', 'ünïx.txt': 'b\n' });
    const literal = await streamFileHistory(repo.path, 'ünï*.txt');
    assert.deepEqual(brief(literal.entries), ['A ünï*.txt']);
    assert.equal(literal.entries[0].pathBytes, undefined);
  });

  it('reports a shallow clone, whose history ends at the clone depth', async () => {
    for (let i = 1; i <= 5; i++) commitAt(repo, T + i * 10, `edit ${i}`, { 'f.txt': `${i}\n` });
    const dest = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-shallow-')));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo.path}`, dest], { env: gitEnv(), stdio: 'ignore' });
      const page = await streamFileHistory(dest, 'f.txt');
      assert.deepEqual(page.entries.map((e) => e.subject), ['edit 5', 'edit 4']);
      assert.equal(page.shallow, true);
      assert.equal(page.complete, true);
      assert.equal((await streamFileHistory(repo.path, 'f.txt')).shallow, false);
    } finally {
      rmSync(dest, { recursive: true, force: true });
    }
  });

  it('cuts a huge commit message, flags it, and finds tickets in what is kept', async () => {
    const message = `PROJ-9 huge log paste\n\n${'é'.repeat(150_000)}\nPROJ-10 at the very end\n`;
    writeFileSync(join(repo.path, '.git', 'HUGE_MSG'), message);
    repo.write('f.txt', 'x\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-F', '.git/HUGE_MSG');
    const [entry] = (await streamFileHistory(repo.path, 'f.txt')).entries;
    assert.equal(entry.subject, 'PROJ-9 huge log paste');
    assert.equal(entry.bodyTruncated, true);
    assert.ok(Buffer.byteLength(entry.body) < 64 * 1024, `${Buffer.byteLength(entry.body)} bytes kept`);
    assert.ok(!entry.body.includes('\uFFFD'), 'no character cut in half');
    assert.deepEqual(entry.tickets, ['PROJ-9']);
  });

  it('joins a subject spread over lines in linear time, whatever blanks it holds (60,000 spaces took 1.5 s)', async () => {
    writeFileSync(join(repo.path, '.git', 'WIDE_MSG'), `PROJ-9 wide${' '.repeat(63_000)}subject\n  continued\n`);
    repo.write('f.txt', 'x\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-F', '.git/WIDE_MSG');
    const started = process.hrtime.bigint();
    const [entry] = (await streamFileHistory(repo.path, 'f.txt')).entries;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(entry.subject, `PROJ-9 wide${' '.repeat(63_000)}subject continued`);
    assert.ok(ms < 700, `${ms} ms`);
  });

  it('pages with skip and limit, and says exactly whether more follow', async () => {
    renamedAndMerged(repo);
    const all = (await streamFileHistory(repo.path, 'src/auth/signIn.ts')).entries.map((e) => e.sha);
    for (const [skip, limit] of [[0, 3], [3, 3], [6, 3], [0, 7], [4, 3], [7, 5], [2, 0]]) {
      const delivered: string[] = [];
      const page = await streamFileHistory(repo.path, 'src/auth/signIn.ts', { skip, limit, onEntry: (e) => delivered.push(e.sha) });
      const expected = all.slice(skip, skip + limit);
      assert.deepEqual(page.entries.map((e) => e.sha), expected, `skip ${skip} limit ${limit}`);
      assert.deepEqual(delivered, expected);
      assert.equal(page.complete, skip + limit >= all.length, `complete for skip ${skip} limit ${limit}`);
    }
  });

  it('answers an unknown path, an untracked file and a repository without commits with an empty, complete history', async () => {
    assert.deepEqual(await streamFileHistory(repo.path, 'nope.txt'), { entries: [], complete: true, shallow: false });
    repo.write('untracked.txt', 'new\n');
    assert.deepEqual(await streamFileHistory(repo.path, 'untracked.txt'), { entries: [], complete: true, shallow: false });
    const empty = createTestRepo({ initialCommit: false });
    try {
      assert.deepEqual(await streamFileHistory(empty.path, 'a.txt'), { entries: [], complete: true, shallow: false });
    } finally {
      empty.dispose();
    }
  });

  it('hands over entries while git is still walking, and cancelling kills git', async () => {
    // 3,000 commits with 2 KB messages: 6 MB of output, far more than a pipe holds, so git is
    // provably still running when the first entry arrives.
    importCommits(repo, 3000, 'hot.txt', 2000);
    const controller = new AbortController();
    let settled = false;
    let delivered = 0;
    let runningAtFirst: number[] | undefined;
    let settledAtFirst: boolean | undefined;
    const run = streamFileHistory(repo.path, 'hot.txt', {
      signal: controller.signal,
      onEntry: () => {
        delivered++;
        if (delivered === 1) {
          runningAtFirst = gitProcessesIn(repo.path, 'log');
          settledAtFirst = settled;
        }
        if (delivered === 5) controller.abort();
      },
    });
    run.then(() => (settled = true), () => (settled = true));
    await assert.rejects(run, { name: 'AbortError' });
    assert.equal(settledAtFirst, false);
    assert.equal(delivered, 5, 'nothing is delivered after the abort');
    if (runningAtFirst !== undefined) {
      assert.equal(runningAtFirst.length, 1, 'git log was running when the first entry arrived');
      assert.deepEqual(gitProcessesIn(repo.path, 'log'), [], 'git log has exited');
    }
    const full = await streamFileHistory(repo.path, 'hot.txt', { limit: 10 });
    assert.deepEqual(full.entries.map((e) => e.subject).slice(0, 2), ['PROJ-3000 change 3000', 'PROJ-2999 change 2999']);
    assert.equal(full.complete, false);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(streamFileHistory(repo.path, 'README.md', { signal: controller.signal }), { name: 'AbortError' });
  });

  it('uses the team ticket syntax', async () => {
    commitAt(repo, T + 10, 'OPS-4 and PROJ-5 and TKT_77', { 'f.txt': '1\n' });
    const [entry] = (await streamFileHistory(repo.path, 'f.txt', { tickets: { projects: ['OPS'], patterns: ['(TKT_\\d+)'] } })).entries;
    assert.deepEqual(entry.tickets, ['OPS-4', 'TKT_77']);
  });
});
