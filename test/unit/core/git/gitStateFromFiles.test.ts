import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { headFromFiles, shallowFromFiles } from '../../../../src/core/git/gitStateFromFiles';
import { type TestRepo, createTestRepo } from '../../../helpers/createTestRepo';

describe('HEAD read from the repository files (no git process)', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = createTestRepo()));
  afterEach(() => repo.dispose());
  const gitHead = () => repo.git('rev-parse', 'HEAD').trim();

  it('agrees with git on a branch and on a detached HEAD', async () => {
    repo.commit('second', { 'a.txt': 'a' });
    assert.equal(headFromFiles(repo.path), gitHead());
    repo.git('checkout', '-q', '--detach', 'HEAD~1');
    assert.equal(headFromFiles(repo.path), gitHead());
  });

  it('leaves to git what is not plain: packed refs, an unborn branch, a worktree', async () => {
    repo.git('pack-refs', '--all');
    assert.equal(headFromFiles(repo.path), undefined);
    repo.git('checkout', '-q', '--orphan', 'fresh');
    assert.equal(headFromFiles(repo.path), undefined);
    repo.git('checkout', '-q', 'main');
    const worktree = `${repo.path}-wt`;
    repo.git('worktree', 'add', '-q', worktree);
    try {
      assert.equal(headFromFiles(worktree), undefined);
    } finally {
      rmSync(worktree, { recursive: true, force: true });
    }
  });

  it('tells a shallow clone as git does', async () => {
    repo.commit('second', { 'a.txt': 'a' });
    assert.equal(await shallowFromFiles(repo.path), false);
    const clone = `${repo.path}-shallow`;
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.path}`, clone]);
    try {
      assert.equal(execFileSync('git', ['rev-parse', '--is-shallow-repository'], { cwd: clone, encoding: 'utf8' }).trim(), 'true');
      assert.equal(await shallowFromFiles(clone), true);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });

  it('never follows a ref name out of the git directory', async () => {
    repo.write('.git/HEAD', 'ref: refs/heads/../../../outside\n');
    assert.equal(headFromFiles(repo.path), undefined);
  });
});
