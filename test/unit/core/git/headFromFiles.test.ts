import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { headFromFiles } from '../../../../src/core/git/headFromFiles';
import { type TestRepo, createTestRepo } from '../../../helpers/createTestRepo';

describe('HEAD read from the repository files (no git process)', () => {
  let repo: TestRepo;
  beforeEach(() => (repo = createTestRepo()));
  afterEach(() => repo.dispose());
  const gitHead = () => repo.git('rev-parse', 'HEAD').trim();

  it('agrees with git on a branch and on a detached HEAD', async () => {
    repo.commit('second', { 'a.txt': 'a' });
    assert.equal(await headFromFiles(repo.path), gitHead());
    repo.git('checkout', '-q', '--detach', 'HEAD~1');
    assert.equal(await headFromFiles(repo.path), gitHead());
  });

  it('leaves to git what is not plain: packed refs, an unborn branch, a worktree', async () => {
    repo.git('pack-refs', '--all');
    assert.equal(await headFromFiles(repo.path), undefined);
    repo.git('checkout', '-q', '--orphan', 'fresh');
    assert.equal(await headFromFiles(repo.path), undefined);
    repo.git('checkout', '-q', 'main');
    const worktree = `${repo.path}-wt`;
    repo.git('worktree', 'add', '-q', worktree);
    try {
      assert.equal(await headFromFiles(worktree), undefined);
    } finally {
      rmSync(worktree, { recursive: true, force: true });
    }
  });

  it('never follows a ref name out of the git directory', async () => {
    repo.write('.git/HEAD', 'ref: refs/heads/../../../outside\n');
    assert.equal(await headFromFiles(repo.path), undefined);
  });
});
