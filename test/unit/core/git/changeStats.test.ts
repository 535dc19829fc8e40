import * as assert from 'node:assert/strict';
import { changeStats, gitIdentity, repositoryName } from '../../../../src/core/git/changeStats';
import { createTestRepo } from '../../../helpers/createTestRepo';

describe('change stats against the base branch (real git)', () => {
  it('counts the commits, files and lines of the branch, plus uncommitted work', async () => {
    const repo = createTestRepo();
    try {
      repo.commit('base', { 'a.txt': 'one\n' });
      repo.git('checkout', '-q', '-b', 'feature/PROJ-1-x');
      repo.commit('PROJ-1: first', { 'src/billing/pay.ts': 'a\nb\nc\n' });
      repo.commit('PROJ-1: second', { 'a.txt': 'one\ntwo\n' });
      repo.write('README.md', '# changed\n');
      const stats = await changeStats(['main'], { cwd: repo.path });
      assert.equal(stats.baseBranch, 'main');
      assert.deepEqual(stats.commits.map((c) => c.subject), ['PROJ-1: second', 'PROJ-1: first']);
      assert.deepEqual(stats.files, ['README.md', 'a.txt', 'src/billing/pay.ts']);
      assert.equal(stats.lines, 3 + 1 + 2);
    } finally {
      repo.dispose();
    }
  });

  it('works without a base branch, and reads identity and a credential-free origin', async () => {
    const repo = createTestRepo();
    try {
      repo.git('remote', 'add', 'origin', 'https://ana:s3cret@git.example.com/acme/accounts.git');
      const stats = await changeStats(['trunk'], { cwd: repo.path });
      assert.equal(stats.baseBranch, undefined);
      assert.deepEqual(stats.commits.map((c) => c.subject), ['Initial commit']);
      assert.deepEqual(await gitIdentity({ cwd: repo.path }), { name: 'Ana Ruiz', email: 'ana@example.com' });
      assert.equal(await repositoryName({ cwd: repo.path }), 'https://git.example.com/acme/accounts.git');
    } finally {
      repo.dispose();
    }
  });
});
