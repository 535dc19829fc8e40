import * as assert from 'node:assert/strict';
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
