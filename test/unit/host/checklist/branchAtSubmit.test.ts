import * as assert from 'node:assert/strict';
import { branchMovedProblem } from '../../../../src/host/checklist/branchAtSubmit';
import { silentLogger } from '../../../../src/core/log';
import { createTestRepo, type TestRepo } from '../../../helpers/createTestRepo';

// The checklist is for the branch the view last saw. A submit after a checkout (or in the middle
// of a rebase) must not write that branch's record with what HEAD holds now.

describe('checklist submit: is HEAD still on the checklist branch?', () => {
  let repo: TestRepo;
  const options = () => ({ cwd: repo.path, logger: silentLogger });
  beforeEach(() => {
    repo = createTestRepo();
    repo.commit('PROJ-1 base', { 'a.txt': 'one\n' });
    repo.git('checkout', '-q', '-b', 'feature/PROJ-1-a');
    repo.commit('PROJ-1 change a', { 'a.txt': 'feature\n' });
  });
  afterEach(() => repo.dispose());

  it('says nothing while HEAD is on the branch', async () => {
    assert.equal(await branchMovedProblem('feature/PROJ-1-a', options()), undefined);
  });

  it('names the branch HEAD moved to', async () => {
    repo.git('checkout', '-q', 'main');
    assert.match((await branchMovedProblem('feature/PROJ-1-a', options())) ?? '', /^Not saved: this checklist is for branch feature\/PROJ-1-a, but the repository is now on branch main\. Nothing was written/);
  });

  it('refuses a rebase stopped on a conflict (HEAD detached), however the branch is named', async () => {
    repo.git('checkout', '-q', 'main');
    repo.commit('PROJ-2 main moves', { 'a.txt': 'main\n' });
    repo.git('checkout', '-q', 'feature/PROJ-1-a');
    assert.throws(() => repo.git('rebase', '-q', 'main'), 'the rebase stops on the conflict');
    assert.match((await branchMovedProblem('feature/PROJ-1-a', options())) ?? '', /now on a detached HEAD \(a rebase/);
    repo.git('rebase', '--abort');
    assert.equal(await branchMovedProblem('feature/PROJ-1-a', options()), undefined);
  });
});
