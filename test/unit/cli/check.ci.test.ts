import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { type Sandbox, disposeAfterEach, sandbox } from './checkSandbox';

// `changetrail check` with no range in CI: the default range (the unpushed commits) is empty in
// a fresh CI checkout, so "nothing to check" there means the range was never passed: exit 2.
// An explicit empty range stays exit 0 and names the range. A base git lacks names both causes
// (a shallow clone, or a force push that replaced it).

const CI_ENVS: readonly NodeJS.ProcessEnv[] = [{ CI: 'true' }, { GITHUB_ACTIONS: 'true' }, { GITLAB_CI: 'true' }];

describe('changetrail check in CI (built dist/cli.js)', () => {
  let box: Sandbox | undefined;
  disposeAfterEach(() => box, () => (box = undefined));

  function pushedTo(b: Sandbox, upstream: boolean): void {
    const bare = join(b.scratch, 'origin.git');
    b.git('init', '-q', '--bare', bare);
    b.git('remote', 'add', 'origin', bare);
    b.git('push', '-q', '--no-verify', ...(upstream ? ['-u'] : []), 'origin', 'main');
  }

  for (const ci of CI_ENVS) {
    it(`no range and @{upstream}..HEAD empty under ${Object.keys(ci)[0]}: exit 2, cannot tell`, () => {
      box = sandbox();
      pushedTo(box, true);
      const r = box.changetrailWith(ci, 'check');
      assert.equal(r.code, 2, r.out);
      assert.equal(r.err, 'changetrail: cannot tell: no range given and @{upstream}..HEAD is empty; pass base..head (e.g. changetrail check origin/main..HEAD)\n');
      const json = box.changetrailWith(ci, 'check', '--format', 'json');
      assert.equal(json.code, 2);
      assert.match((JSON.parse(json.out) as { error: string }).error, /^cannot tell: no range given/);
    });
  }

  it('no range and no upstream (HEAD --not --remotes empty) in CI: exit 2 naming that range; outside CI: exit 0', () => {
    box = sandbox();
    pushedTo(box, false);
    const r = box.changetrailWith({ CI: 'true' }, 'check');
    assert.equal(r.code, 2);
    assert.match(r.err, /^changetrail: cannot tell: no range given and HEAD --not --remotes is empty; pass base\.\.head/);
    const local = box.changetrail('check');
    assert.equal(local.code, 0);
    assert.equal(local.out, 'nothing to check: HEAD --not --remotes has no commits\n');
    assert.equal(box.changetrailWith({ CI: 'false' }, 'check').code, 0, 'CI=false is not CI');
  });

  it('an explicit empty range in CI: exit 0, naming the empty range', () => {
    box = sandbox();
    box.git('checkout', '-q', '-b', 'feat');
    box.git('checkout', '-q', 'main');
    const r = box.changetrailWith({ CI: 'true' }, 'check', 'feat..main');
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'nothing to check: feat..main has no commits\n');
  });

  it('a base this clone lacks: exit 2, naming a shallow clone and a force push as the two causes', () => {
    box = sandbox();
    const gone = box.commit('PROJ-1: force-pushed away');
    box.git('reset', '-q', '--hard', 'HEAD~1');
    box.git('reflog', 'expire', '--expire=now', '--all');
    box.git('gc', '-q', '--prune=now');
    box.commit('PROJ-2: the new tip');
    const r = box.changetrail('check', `${gone}..HEAD`);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`The base ${gone.slice(0, 10)} is not in this clone: either the clone is shallow \\(.*fetch-depth: 0.*\\), or a force push replaced it and it is gone, and then no range from it can be checked: pass one from a commit that exists, e\\.g\\. origin/main\\.\\.HEAD\\.$`, 'm'));
  });
});
