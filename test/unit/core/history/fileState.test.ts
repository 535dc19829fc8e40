import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileIsBinary, fileStatus, presumablyTracked } from '../../../../src/core/history/fileState';
import { createTestRepo, type TestRepo } from '../../../helpers/createTestRepo';

describe('file state for the history view (real git)', () => {
  let repo: TestRepo;
  beforeEach(() => {
    repo = createTestRepo();
    repo.commit('files', {
      '.gitignore': 'secrets/\n*.log\n',
      'src/app.ts': 'code\n',
      'img/logo.png': '\x89PNG\0\0\x01',
      'data/blob.dat': 'text but marked binary\n',
      '.gitattributes': '*.dat binary\n',
      'gone.txt': 'soon gone\n',
    });
    repo.git('rm', '-q', 'gone.txt');
    repo.commit('PROJ-7 remove gone.txt');
  });
  afterEach(() => repo.dispose());

  const kindOf = async (path: string) => (await fileStatus(repo.path, path)).kind;

  it('tells tracked, binary, untracked, ignored and missing files apart', async () => {
    repo.write('notes.md', 'draft\n');
    repo.write('debug.log', 'noise\n');
    repo.write('secrets/key.txt', 'k\n');
    assert.equal(await kindOf('src/app.ts'), 'tracked');
    assert.equal(await kindOf(join(repo.path, 'src/app.ts')), 'tracked');
    assert.equal(await kindOf('img/logo.png'), 'binary');
    assert.equal(await kindOf('data/blob.dat'), 'binary');
    assert.equal(await kindOf('notes.md'), 'untracked');
    assert.equal(await kindOf('nowhere.txt'), 'missing');
    const ignored = await fileStatus(repo.path, 'secrets/key.txt');
    assert.equal(ignored.kind, 'ignored');
    assert.equal(ignored.message, 'Ignored by git (.gitignore:1: secrets/): it has no history.');
    assert.match((await fileStatus(repo.path, 'debug.log')).message, /\.gitignore:2: \*\.log/);
  });

  it('says when a file is staged but never committed', async () => {
    repo.write('new.ts', 'x\n');
    repo.git('add', 'new.ts');
    const state = await fileStatus(repo.path, 'new.ts');
    assert.deepEqual([state.kind, state.committed], ['tracked', false]);
    assert.match(state.message, /not committed yet/);
  });

  it('tells a deletion in the working tree from one in history', async () => {
    unlinkSync(join(repo.path, 'src/app.ts'));
    const worktree = await fileStatus(repo.path, 'src/app.ts');
    assert.deepEqual([worktree.kind, worktree.deletedIn], ['deleted', undefined]);
    const committed = await fileStatus(repo.path, 'gone.txt');
    assert.equal(committed.kind, 'deleted');
    assert.equal(committed.deletedIn, repo.git('rev-parse', 'HEAD').trim());
    assert.match(committed.message, /PROJ-7 remove gone\.txt/);
  });

  it('recognises files outside the repository and inside .git', async () => {
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-outside-')));
    try {
      writeFileSync(join(outside, 'x.txt'), 'x');
      assert.equal(await kindOf(join(outside, 'x.txt')), 'outsideRepository');
      assert.equal(await kindOf('../x.txt'), 'outsideRepository');
      assert.equal(await kindOf('.git/config'), 'outsideRepository');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  /** Adds submodule vendor/lib (a repository of its own, disposed by the caller) and a nested repository at tools/other. */
  const addSubmoduleAndNested = (): TestRepo => {
    const lib = createTestRepo();
    lib.commit('lib', { 'index.js': 'module.exports = 1;\n' });
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', `file://${lib.path}`, 'vendor/lib');
    repo.git('commit', '-q', '-m', 'add submodule');
    mkdirSync(join(repo.path, 'tools/other/deep'), { recursive: true });
    repo.git('-C', 'tools/other', 'init', '-q');
    return lib;
  };

  it('detects a submodule, a file inside one, and an unrelated nested repository', async () => {
    const lib = addSubmoduleAndNested();
    try {
      const folder = await fileStatus(repo.path, 'vendor/lib');
      assert.deepEqual([folder.kind, folder.submodule], ['submodule', 'vendor/lib']);
      const inside = await fileStatus(repo.path, 'vendor/lib/index.js');
      assert.deepEqual([inside.kind, inside.submodule], ['submodule', 'vendor/lib']);
      assert.match(inside.message, /submodule vendor\/lib/);
      writeFileSync(join(repo.path, 'tools/other/run.sh'), 'echo\n');
      const nested = await fileStatus(repo.path, 'tools/other/run.sh');
      assert.equal(nested.kind, 'outsideRepository');
      assert.match(nested.message, /nested at tools\/other/);
    } finally {
      lib.dispose();
    }
  });

  it('presumes tracked only a plain file under the root with no repository between, as fileStatus would find it', async () => {
    const lib = addSubmoduleAndNested();
    try {
      writeFileSync(join(repo.path, 'tools/other/deep/run.sh'), 'echo\n');
      repo.write('notes.md', 'draft\n');
      // Presumed: what fileStatus calls tracked or binary, and an untracked or ignored file (whose history, if any, is shown).
      for (const path of ['src/app.ts', join(repo.path, 'src/app.ts'), 'img/logo.png', 'data/blob.dat', 'notes.md', '.gitignore']) {
        assert.deepEqual(presumablyTracked(repo.path, path), { path: path.startsWith('/') ? 'src/app.ts' : path }, path);
      }
      // Not presumed: git is asked first, and says why there is no history here.
      for (const [path, kind] of [['vendor/lib/index.js', 'submodule'], ['vendor/lib', 'submodule'], ['tools/other/deep/run.sh', 'outsideRepository'], ['src', 'untracked'], ['nowhere.txt', 'missing'], ['.git/config', 'outsideRepository'], ['../elsewhere.txt', 'outsideRepository']] as const) {
        assert.equal(presumablyTracked(repo.path, path), undefined, path);
        assert.equal(await kindOf(path), kind, path);
      }
      assert.equal(await fileIsBinary(repo.path, 'img/logo.png'), true);
      assert.equal(await fileIsBinary(repo.path, 'data/blob.dat'), true, 'binary by attribute');
      assert.equal(await fileIsBinary(repo.path, 'src/app.ts'), false);
    } finally {
      lib.dispose();
    }
  });

  it('gives every state a plain sentence', async () => {
    for (const path of ['src/app.ts', 'img/logo.png', 'nowhere.txt', 'gone.txt']) {
      const { message } = await fileStatus(repo.path, path);
      assert.match(message, /^[A-Z].*\.$/, message);
    }
  });
});
