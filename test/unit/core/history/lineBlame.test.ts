import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blameLine } from '../../../../src/core/history/lineBlame';
import { createTestRepo, type TestRepo } from '../../../helpers/createTestRepo';
import { commitAt } from './historyFixtures';

const T = 1_700_000_000;

describe('blame of one line (real git)', () => {
  let repo: TestRepo;
  let first: string;
  let second: string;
  beforeEach(() => {
    repo = createTestRepo();
    first = commitAt(repo, T, 'PROJ-1 add config', { 'config.ts': 'timeout = 30\nretries = 3\nlog = info\nport = 8080\nhost = example.com\n' });
    repo.git('mv', 'config.ts', 'settings.ts');
    second = commitAt(repo, T + 3600, 'PROJ-2 shorten login timeout\n\nBecause of PROJ-3.', { 'settings.ts': 'timeout = 10\nretries = 3\nlog = info\nport = 8080\nhost = example.com\n' });
  });
  afterEach(() => repo.dispose());

  it('names the commit, author and original place of a committed line', async () => {
    const changed = await blameLine(repo.path, 'settings.ts', 1);
    assert.equal(changed.kind, 'commit');
    if (changed.kind !== 'commit') return;
    assert.equal(changed.sha, second);
    assert.equal(changed.summary, 'PROJ-2 shorten login timeout');
    assert.deepEqual(changed.author, { name: 'Ana Ruiz', email: 'ana@example.com' });
    assert.equal(changed.authorDate, '2023-11-14T23:13:20+00:00');
    assert.equal(changed.text, 'timeout = 10');
    const kept = await blameLine(repo.path, 'settings.ts', 2);
    assert.deepEqual(kept.kind === 'commit' && [kept.sha, kept.originalPath, kept.originalLine], [first, 'config.ts', 2]);
  });

  it('says "not committed yet" for an edited line in unsaved editor text, and for an untracked file', async () => {
    const edited = await blameLine(repo.path, 'settings.ts', 2, { contents: 'timeout = 10\nretries = 5\nlog = info\n' });
    assert.deepEqual(edited.kind === 'uncommitted' && edited.text, 'retries = 5');
    const untouched = await blameLine(repo.path, 'settings.ts', 1, { contents: 'timeout = 10\nretries = 5\nlog = info\n' });
    assert.deepEqual(untouched.kind === 'commit' && untouched.sha, second);
    repo.write('draft.ts', 'a\n');
    assert.deepEqual(await blameLine(repo.path, 'draft.ts', 1), { kind: 'uncommitted', text: 'a', message: 'Not committed yet: this file has no commits.' });
  });

  it('refuses a line past the end with a plain message', async () => {
    await assert.rejects(blameLine(repo.path, 'settings.ts', 9), /Line 9 is past the end of settings\.ts \(5 lines\)/);
    await assert.rejects(blameLine(repo.path, 'settings.ts', 0), /not a line number/);
  });
});

describe('blame where blame.ignoreRevsFile names a missing file', () => {
  let repo: TestRepo;
  let sha: string;
  beforeEach(() => {
    repo = createTestRepo();
    sha = commitAt(repo, T, 'PROJ-1 add config', { 'config.ts': 'timeout = 30\nretries = 3\n' });
    // Often set globally for the repositories that have the file; git blame then fails in all the others.
    repo.git('config', 'blame.ignoreRevsFile', '.git-blame-ignore-revs');
  });
  afterEach(() => repo.dispose());

  it('still answers (git blame alone fails: "could not open object name list")', async () => {
    const blamed = await blameLine(repo.path, 'config.ts', 2);
    assert.deepEqual(blamed.kind === 'commit' && [blamed.sha, blamed.text], [sha, 'retries = 3']);
    const edited = await blameLine(repo.path, 'config.ts', 2, { contents: 'timeout = 30\nretries = 5\n' });
    assert.deepEqual(edited.kind === 'uncommitted' && edited.text, 'retries = 5');
  });

  it('keeps the ignore list when the file is there', async () => {
    const reformat = commitAt(repo, T + 60, 'reformat', { 'config.ts': 'timeout  = 30\nretries = 3\n' });
    repo.write('.git-blame-ignore-revs', `${reformat}\n`);
    const blamed = await blameLine(repo.path, 'config.ts', 1);
    assert.deepEqual(blamed.kind === 'commit' && blamed.sha, sha, 'the reformat commit is skipped as the team asked');
  });
});

describe('blame of a linked file (a symlink in the repository)', () => {
  let repo: TestRepo;
  let outside: string;
  let second: string;
  beforeEach(() => {
    repo = createTestRepo();
    outside = mkdtempSync(join(tmpdir(), 'ct-outside-'));
    commitAt(repo, T, 'PROJ-1 add config', { 'config.ts': 'timeout = 30\nretries = 3\n' });
    symlinkSync('config.ts', join(repo.path, 'link.ts'));
    writeFileSync(join(outside, 'elsewhere.ts'), 'a\nb\n');
    symlinkSync(join(outside, 'elsewhere.ts'), join(repo.path, 'away.ts'));
    repo.git('add', 'link.ts', 'away.ts');
    second = commitAt(repo, T + 60, 'PROJ-2 fewer retries', { 'config.ts': 'timeout = 30\nretries = 1\n' });
  });
  afterEach(() => {
    repo.dispose();
    rmSync(outside, { recursive: true, force: true });
  });

  it('answers for the lines the editor shows (the target\'s), as File History follows the target', async () => {
    // git blame link.ts blames the link's own blob ("config.ts", one line): line 2 was "past the end".
    for (const path of ['link.ts', join(repo.path, 'link.ts')]) {
      const blamed = await blameLine(repo.path, path, 2);
      assert.deepEqual(blamed.kind === 'commit' && [blamed.sha, blamed.text, blamed.summary], [second, 'retries = 1', 'PROJ-2 fewer retries'], path);
    }
  });

  it('says plainly that a link leading out of the repository has no history here', async () => {
    await assert.rejects(blameLine(repo.path, 'away.ts', 1), /away\.ts leads outside the repository .*git keeps no history for it here/);
  });
});
