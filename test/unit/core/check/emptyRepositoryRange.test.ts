import * as assert from 'node:assert/strict';
import { namedInEmptyRepository } from '../../../../src/core/check/emptyRepositoryRange';

describe('namedInEmptyRepository: what a range names in a repository with no commits', () => {
  it('HEAD alone, with ancestry suffixes, and check\'s options name nothing', () => {
    for (const range of [['HEAD'], ['@'], ['HEAD..HEAD'], ['..HEAD'], ['HEAD...'], ['HEAD^!'], ['HEAD~2..HEAD'], ['HEAD', '--not', '--remotes'], ['^HEAD', 'HEAD'], ['--all']]) {
      assert.equal(namedInEmptyRepository(range), undefined, range.join(' '));
    }
  });

  it('names the first other revision: a typo, a branch, a remote, an upstream, a sha', () => {
    assert.equal(namedInEmptyRepository(['bogus']), 'bogus');
    assert.equal(namedInEmptyRepository(['origin/main..HEAD']), 'origin/main');
    assert.equal(namedInEmptyRepository(['HEAD...main']), 'main');
    assert.equal(namedInEmptyRepository(['@{u}..HEAD']), '@{u}');
    assert.equal(namedInEmptyRepository(['HEADS']), 'HEADS');
    assert.equal(namedInEmptyRepository(['HEAD', '--not', '^abc1234']), 'abc1234');
  });

  // `check main` on a fresh main exited 2 while `check HEAD` was "nothing to check" (a review finding).
  it('the unborn branch HEAD points to is HEAD by another name', () => {
    for (const range of [['main'], ['refs/heads/main'], ['main..HEAD'], ['main^!'], ['HEAD', '^main~2']]) assert.equal(namedInEmptyRepository(range, 'main'), undefined, range.join(' '));
    assert.equal(namedInEmptyRepository(['mainline'], 'main'), 'mainline');
    assert.equal(namedInEmptyRepository(['main'], undefined), 'main');
    assert.equal(namedInEmptyRepository(['origin/main'], 'main'), 'origin/main');
  });

  it('is linear on a huge argument', () => {
    const started = process.hrtime.bigint();
    assert.equal(namedInEmptyRepository([`HEAD${'~'.repeat(1_000_000)}x`]), `HEAD${'~'.repeat(1_000_000)}x`);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 1000);
  });
});
