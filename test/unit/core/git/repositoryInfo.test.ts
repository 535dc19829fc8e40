import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeTrailError } from '../../../../src/core/errors';
import { currentBranch, repositoryRoot } from '../../../../src/core/git/repositoryInfo';
import { runGit } from '../../../../src/core/git/runGit';
import { createTestRepo } from '../../../helpers/createTestRepo';

describe('git repository info (real git)', () => {
  it('finds the root from a subfolder and the current branch', async () => {
    const repo = createTestRepo({ branch: 'feature/PROJ-1-x' });
    try {
      repo.commit('PROJ-1: add', { 'src/deep/file.txt': 'x' });
      assert.equal(await repositoryRoot({ cwd: join(repo.path, 'src', 'deep') }), repo.path);
      assert.equal(await currentBranch({ cwd: repo.path }), 'feature/PROJ-1-x');
    } finally {
      repo.dispose();
    }
  });

  it('answers undefined for a detached HEAD', async () => {
    const repo = createTestRepo();
    try {
      repo.git('checkout', '-q', '--detach');
      assert.equal(await currentBranch({ cwd: repo.path }), undefined);
    } finally {
      repo.dispose();
    }
  });

  it('throws NotARepository outside a repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'changetrail-norepo-'));
    try {
      await assert.rejects(repositoryRoot({ cwd: dir }), (e: unknown) => e instanceof ChangeTrailError && e.code === 'NotARepository');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws GitNotFound for a missing git executable', async () => {
    await assert.rejects(runGit(['--version'], { cwd: tmpdir(), gitPath: '/nonexistent/git' }), (e: unknown) => e instanceof ChangeTrailError && e.code === 'GitNotFound');
  });

  it('logs each call with its duration', async () => {
    const lines: string[] = [];
    const logger = { trace: (m: string) => lines.push(m), debug() {}, info() {}, warn() {}, error() {} };
    await runGit(['--version'], { cwd: tmpdir(), logger });
    assert.match(lines[0], /^> git --version \[\d+ms\]$/);
  });
});

describe('createTestRepo', () => {
  it('removes the folder when set-up fails', () => {
    const before = new Set(require('node:fs').readdirSync(tmpdir()));
    assert.throws(() => createTestRepo({ branch: 'bad..name' }));
    const left = (require('node:fs').readdirSync(tmpdir()) as string[]).filter((f) => f.startsWith('changetrail-test-') && !before.has(f));
    assert.deepEqual(left, []);
  });
});
