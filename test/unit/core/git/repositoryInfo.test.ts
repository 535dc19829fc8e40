import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangeTrailError } from '../../../../src/core/errors';
import { currentBranch, repositoryRoot, repositoryRootOf } from '../../../../src/core/git/repositoryInfo';
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

  it('repositoryRootOf: the root from a subfolder; outside any repository undefined, without running git', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'changetrail-rootof-'));
    const repo = createTestRepo();
    try {
      // A git that notes each run, then is the real one.
      const marker = join(dir, 'ran');
      const git = join(dir, 'git');
      writeFileSync(git, `#!/bin/sh\necho "$@" >> ${JSON.stringify(marker)}\nexec git "$@"\n`);
      chmodSync(git, 0o755);
      const outside = join(dir, 'logs', 'deep');
      mkdirSync(outside, { recursive: true });
      assert.equal(await repositoryRootOf(outside, { gitPath: git }), undefined);
      assert.ok(!existsSync(marker), 'no git ran outside any repository');
      repo.commit('PROJ-1: add', { 'ops/logs/changes.jsonl': '' });
      assert.equal(await repositoryRootOf(join(repo.path, 'ops', 'logs'), { gitPath: git }), repo.path);
      assert.ok(existsSync(marker), 'inside one, git says where its root is');
    } finally {
      repo.dispose();
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
