import * as assert from 'node:assert/strict';
import { deploymentCommits } from '../../../../src/core/incidents/deploymentCommits';
import { createTestRepo } from '../../../helpers/createTestRepo';
import { deploymentRecord } from '../../../helpers/memoryLogIndex';

describe('the commits a deployment put live (real git)', () => {
  it('lists previousCommit..commit, the deployed commit alone without a previous one, and never hands git a non-sha', async () => {
    const repo = createTestRepo();
    try {
      const base = repo.commit('base', { 'a.txt': '1' });
      const one = repo.commit('one', { 'a.txt': '2' });
      const two = repo.commit('two', { 'b.txt': '1' });
      const of = deploymentCommits(repo.path, {});
      assert.deepEqual(await of(deploymentRecord({ createdAt: '2026-11-30T05:00:00.000Z', commit: two, previousCommit: base })), [two, one]);
      assert.deepEqual(await of(deploymentRecord({ createdAt: '2026-11-30T05:01:00.000Z', commit: two })), [two]);
      // A log line whose "previous commit" is an option is not passed to git.
      assert.deepEqual(await of(deploymentRecord({ createdAt: '2026-11-30T05:02:00.000Z', commit: two, previousCommit: '--output=/tmp/x' })), [two]);
    } finally {
      repo.dispose();
    }
  });
});
