import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { type Sandbox, disposeAfterEach, sandbox } from './checkSandbox';

// The pre-push hook `changetrail hooks install --pre-push` installs, on pushes to a local bare remote.

describe('changetrail check (built dist/cli.js, real histories)', () => {
  let box: Sandbox | undefined;
  disposeAfterEach(() => box, () => (box = undefined));

  describe('pre-push hook (hooks install --pre-push, git push to a local bare remote)', () => {
    function withRemote(b: Sandbox): string {
      const bare = join(b.scratch, 'origin.git');
      b.git('init', '-q', '--bare', bare);
      b.git('remote', 'add', 'origin', bare);
      const r = b.changetrail('hooks', 'install', '--pre-push');
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Installed prepare-commit-msg, commit-msg, pre-push/);
      return bare;
    }
    const remoteRefs = (b: Sandbox, bare: string) =>
      b.git('ls-remote', '--heads', bare).split('\n').filter(Boolean).map((l) => l.split('\t')[1]).sort();

    it('refuses a push to main (protected by default) that carries a commit without a ticket', () => {
      box = sandbox();
      const bare = withRemote(box);
      const ticketless = box.commit('no ticket here');
      const r = box.tryGit('push', 'origin', 'main');
      assert.notEqual(r.code, 0);
      assert.match(r.err, /ChangeTrail: push to protected branch main refused\./);
      assert.ok(r.err.includes(`✗ ${ticketless.slice(0, 10)} no ticket here  (Ana Ruiz <ana@example.com>)`), r.err);
      assert.match(r.err, /✗ [0-9a-f]{10} Initial commit/);
      assert.deepEqual(remoteRefs(box, bare), []);
      // The escape hatch the hook names still works (CI's `changetrail check` is the backstop).
      assert.equal(box.tryGit('push', '-q', '--no-verify', 'origin', 'main').code, 0);
      assert.deepEqual(remoteRefs(box, bare), ['refs/heads/main']);
    });

    it('lets a push to a branch that is not protected through', () => {
      box = sandbox();
      const bare = withRemote(box);
      box.git('checkout', '-q', '-b', 'feature/x');
      box.commit('no ticket here');
      const r = box.tryGit('push', 'origin', 'feature/x');
      assert.equal(r.code, 0, r.err);
      assert.doesNotMatch(r.err, /ChangeTrail/);
      assert.deepEqual(remoteRefs(box, bare), ['refs/heads/feature/x']);
    });

    it('checks only the commits the push adds to a protected branch, and protects release/*', () => {
      box = sandbox();
      const bare = withRemote(box);
      assert.equal(box.tryGit('push', '-q', '--no-verify', 'origin', 'main').code, 0);
      box.commit('OPS-10: a commit with a ticket');
      const ok = box.tryGit('push', 'origin', 'main');
      assert.equal(ok.code, 0, ok.err);

      box.git('checkout', '-q', '-b', 'release/1.0');
      box.commit('hotfix without a ticket');
      const refused = box.tryGit('push', 'origin', 'release/1.0');
      assert.notEqual(refused.code, 0);
      assert.match(refused.err, /push to protected branch release\/1\.0 refused/);
      assert.doesNotMatch(refused.err, /Initial commit/, 'commits already on the remote are not judged again');
      assert.deepEqual(remoteRefs(box, bare), ['refs/heads/main']);
    });
  });
});
