import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rollbackStepFor } from '../../../../src/core/incidents/rollbackStep';
import { shellCommand, shellQuote } from '../../../../src/core/incidents/shellQuote';
import { createTestRepo, testGitEnv } from '../../../helpers/createTestRepo';

describe('rollback steps', () => {
  it('quotes every word a shell would split or expand', () => {
    assert.equal(shellQuote('production'), 'production');
    assert.equal(shellQuote("prod eu's $(rm -rf)"), `'prod eu'\\''s $(rm -rf)'`);
    const printed = execFileSync('sh', ['-c', `printf '%s\\n' ${shellCommand(['a b', "it's", '$HOME', '`x`'])}`], { encoding: 'utf8' });
    assert.equal(printed, "a b\nit's\n$HOME\n`x`\n");
  });

  it('reverts a deployment range (merges included) exactly, when later work sits on top', () => {
    const repo = createTestRepo();
    try {
      const before = repo.git('rev-parse', 'HEAD').trim();
      repo.commit('one', { 'a.txt': '1' });
      repo.git('checkout', '-q', '-b', 'topic');
      repo.commit('two', { 'b.txt': '2' });
      repo.git('checkout', '-q', 'main');
      repo.git('merge', '-q', '--no-ff', '-m', 'merge topic', 'topic');
      const deployed = repo.git('rev-parse', 'HEAD').trim();
      repo.commit('later work', { 'c.txt': '3' });
      const step = rollbackStepFor({ environment: 'production', commit: deployed, previousCommit: before, changes: [], unrecorded: [], live: false });
      assert.equal(step.kind, 'revert');
      execFileSync('sh', ['-c', step.command ?? 'false'], { cwd: repo.path, env: testGitEnv() });
      assert.deepEqual(repo.git('ls-files').trim().split('\n').sort(), ['README.md', 'c.txt']);
    } finally {
      repo.dispose();
    }
  });

  it('says to follow the plans when there is nothing to revert', () => {
    const step = rollbackStepFor({ environment: 'production', changes: [{ title: 'Gateway timeout', commits: [], rollbackPlan: 'set it back to 30 s' }], unrecorded: [], live: false });
    assert.equal(step.kind, 'plan');
    assert.equal(step.command, undefined);
    assert.match(step.explanation, /set it back to 30 s/);
  });
});
