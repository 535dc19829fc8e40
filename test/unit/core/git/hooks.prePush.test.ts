import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';

// Issue 12, item 9: pre-push checks only what no remote-tracking ref has (new remote, empty
// remote, push by URL), and enforcement.since lets an old history stay as it is.
describe('pre-push hook: what a push checks', function () {
  this.timeout(60_000);
  let box: Sandbox;
  beforeEach(() => {
    box = sandbox();
    // An old history without tickets, committed past the hooks.
    for (const [i, date] of ['2020-01-01T10:00:00Z', '2020-06-01T10:00:00Z'].entries()) {
      const r = box.tryGit(['commit', '-q', '--allow-empty', '--no-verify', '-m', `old change ${i}`], box.path, { GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date });
      assert.equal(r.code, 0, r.err);
    }
    install(box, '--pre-push');
  });
  afterEach(() => box.dispose());

  const bare = (name: string) => {
    const dir = join(box.scratch, `${name}.git`);
    box.git(['init', '-q', '--bare', dir]);
    return dir;
  };
  const push = (...args: string[]) => box.tryGit(['push', '-q', ...args]);
  const newCommit = (message: string, date = '2022-03-01T10:00:00Z') => {
    const r = box.tryGit(['commit', '-q', '--allow-empty', '--no-verify', '-m', message], box.path, { GIT_COMMITTER_DATE: date, GIT_AUTHOR_DATE: date });
    assert.equal(r.code, 0, r.err);
  };

  it('does not re-check history another remote already has: new remote, by URL', () => {
    box.git(['remote', 'add', 'origin', bare('origin')]);
    assert.equal(push('--no-verify', 'origin', 'main').code, 0);
    box.git(['remote', 'add', 'backup', bare('backup')]);
    const byName = push('backup', 'main');
    assert.equal(byName.code, 0, `old history was re-checked on a new remote: ${byName.err}`);
    const byUrl = push(bare('mirror'), 'main');
    assert.equal(byUrl.code, 0, `old history was re-checked on a push by URL: ${byUrl.err}`);
  });

  it('does not count a commit as checked because it reached an unprotected branch first', () => {
    box.git(['remote', 'add', 'origin', bare('origin')]);
    assert.equal(push('--no-verify', 'origin', 'main').code, 0);
    newCommit('smuggled without ticket');
    // tmp is not protected: nothing is checked, and origin/tmp now has the commit.
    assert.equal(push('origin', 'HEAD:tmp').code, 0);
    const r = push('origin', 'HEAD:main');
    assert.equal(r.code, 1, `the commit reached main unchecked: ${r.err}`);
    assert.match(r.err, /smuggled without ticket/);
    assert.doesNotMatch(r.err, /old change/);
    // Once on a protected branch (here forced past the hook), another protected branch does not re-check it.
    assert.equal(push('--no-verify', 'origin', 'HEAD:main').code, 0);
    const release = push('origin', 'HEAD:release/1');
    assert.equal(release.code, 0, release.err);
  });

  it('still refuses a new commit without a ticket, listing only it', () => {
    box.git(['remote', 'add', 'origin', bare('origin')]);
    assert.equal(push('--no-verify', 'origin', 'main').code, 0);
    newCommit('new change without ticket');
    const r = push(bare('other'), 'main');
    assert.equal(r.code, 1, r.err);
    assert.match(r.err, /new change without ticket/);
    assert.doesNotMatch(r.err, /old change/);
  });

  it('enforcement.since (a commit) exempts it and its ancestors on a first push to an empty remote', () => {
    const origin = bare('origin');
    assert.equal(push(origin, 'main').code, 1, 'without enforcement.since the whole history is new to the remote');
    box.write('.changetrail/config.json', JSON.stringify({ enforcement: { since: box.head() } }));
    const ok = push(origin, 'main');
    assert.equal(ok.code, 0, ok.err);
    newCommit('after adoption, no ticket');
    const r = push(origin, 'main');
    assert.equal(r.code, 1);
    assert.match(r.err, /after adoption, no ticket/);
    assert.doesNotMatch(r.err, /old change/);
  });

  it('enforcement.since (a date) exempts commits committed before it', () => {
    box.write('.changetrail/config.json', JSON.stringify({ enforcement: { since: '2021-01-01' } }));
    const origin = bare('origin');
    assert.equal(push(origin, 'main').code, 0);
    newCommit('dated after adoption');
    const r = push(origin, 'main');
    assert.equal(r.code, 1);
    assert.match(r.err, /dated after adoption/);
  });
});
