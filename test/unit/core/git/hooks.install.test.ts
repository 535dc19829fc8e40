import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, lines, sandbox, setUpHusky, snapshot } from '../../../helpers/hookSandbox';

describe('git hooks (installed by dist/cli.js, real git commits)', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });
  describe('worktrees', () => {
    it('checks commits in a linked worktree with that worktree\'s branch ticket', () => {
      box = sandbox({ branch: 'feature/PROJ-42-thing' });
      install(box);
      const wt = join(box.scratch, 'wt');
      box.git(['worktree', 'add', '-q', '-b', 'feature/OPS-9-other', wt, 'main']);
      const r = box.commit('work in the worktree', [], wt);
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(wt), 'OPS-9: work in the worktree');
      assert.equal(box.commit('work in the main worktree').code, 0);
      assert.equal(box.headMessage(), 'PROJ-42: work in the main worktree');

      box.git(['checkout', '-q', '-b', 'wt-topic'], wt);
      const before = box.head(wt);
      const rejected = box.commit('no ticket here', [], wt);
      assert.notEqual(rejected.code, 0);
      assert.match(rejected.err, /git config branch\.wt-topic\.changetrailTicket PROJ-123/);
      assert.equal(box.head(wt), before);
    });

    // Regression (was a bug): the rejection message always says the message is saved in .git/COMMIT_EDITMSG and
    // suggests `git commit -e -F .git/COMMIT_EDITMSG`; in a linked worktree .git is a file and the
    // message is in .git/worktrees/<name>/COMMIT_EDITMSG, so the suggested command fails
    // ("could not read log file '.git/COMMIT_EDITMSG': Not a directory").
    it('points a rejected commit in a linked worktree at a message file that exists', () => {
      box = sandbox();
      install(box);
      const wt = join(box.scratch, 'wt');
      box.git(['worktree', 'add', '-q', '-b', 'wt-topic', wt, 'main']);
      const rejected = box.commit('no ticket here', [], wt);
      assert.notEqual(rejected.code, 0);
      const m = /git commit -e -F (\S+)/.exec(rejected.err);
      assert.ok(m, rejected.err);
      const file = m[1].startsWith('/') ? m[1] : join(wt, m[1]);
      assert.ok(existsSync(file), `${m[1]} does not exist in the worktree`);
      assert.match(readFileSync(file, 'utf8'), /no ticket here/);
    });
  });

  describe('install and uninstall', () => {
    it('uninstall restores exactly the hooks directory that was there before', () => {
      box = sandbox();
      const marker = join(box.scratch, 'user-hook.log');
      box.write('.git/hooks/commit-msg', `#!/bin/sh\necho ran >> '${marker}'\n`, 0o750);
      box.write('.git/hooks/pre-push', '#!/usr/bin/env node\nprocess.exit(0);\n', 0o700);
      box.write('.git/hooks/post-checkout', '#!/bin/sh\nexit 0\n', 0o755);
      const hooksDir = join(box.path, '.git', 'hooks');
      const before = snapshot(hooksDir);
      install(box, '--pre-push');
      assert.notDeepEqual(snapshot(hooksDir), before, 'install changed something');
      assert.equal(box.commit('PROJ-1: while installed').code, 0);
      // Installing again (an update) must not lose what was kept.
      install(box, '--pre-push');
      const r = box.changetrail(['hooks', 'uninstall']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Removed commit-msg, prepare-commit-msg, pre-push/);
      assert.deepEqual(snapshot(hooksDir), before);
      assert.deepEqual(readdirSync(join(box.path, '.git')).filter((n) => n.startsWith('changetrail')), []);
      // And the user's hook works on its own again.
      assert.equal(box.commit('no ticket needed any more').code, 0);
      assert.deepEqual(lines(marker), ['ran', 'ran']);
    });

    it('uninstall restores the husky folder exactly', () => {
      box = sandbox();
      setUpHusky(box, join(box.scratch, 'husky.log'));
      const before = snapshot(join(box.path, '.husky'));
      install(box);
      assert.equal(box.commit('PROJ-2: through husky').code, 0);
      const r = box.changetrail(['hooks', 'uninstall']);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(snapshot(join(box.path, '.husky')), before);
      assert.equal(box.git(['config', 'core.hooksPath']).trim(), '.husky/_');
    });

    it('uninstall removes a hooks directory that install created', () => {
      box = sandbox();
      box.git(['config', 'core.hooksPath', '.git/team-hooks']);
      const dir = join(box.path, '.git', 'team-hooks');
      assert.equal(existsSync(dir), false);
      install(box);
      assert.ok(existsSync(join(dir, 'commit-msg')));
      assert.notEqual(box.commit('no ticket').code, 0, 'the hooks run from core.hooksPath');
      assert.equal(box.changetrail(['hooks', 'uninstall']).code, 0);
      assert.equal(existsSync(dir), false);
    });

    it('refuses to write into a committed core.hooksPath folder, and writes nothing', () => {
      box = sandbox();
      box.write('.githooks/pre-commit', '#!/bin/sh\nexit 0\n', 0o755);
      box.git(['add', '.githooks']);
      box.git(['commit', '-q', '-m', 'PROJ-1: team hooks']);
      box.git(['config', 'core.hooksPath', '.githooks']);
      const hooksBefore = snapshot(join(box.path, '.githooks'));
      const gitBefore = readdirSync(join(box.path, '.git')).sort();
      const r = box.changetrail(['hooks', 'install']);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      assert.match(r.err, /core\.hooksPath is \.githooks, a folder committed to this repository; ChangeTrail will not write into it\./);
      assert.match(r.err, /changetrail hook commit-msg "\$1"/);
      assert.deepEqual(snapshot(join(box.path, '.githooks')), hooksBefore);
      assert.deepEqual(readdirSync(join(box.path, '.git')).sort(), gitBefore);
      assert.equal(box.git(['status', '--porcelain']), '');
      assert.equal(box.commit('still no hook of ours').code, 0);
    });

    it('hooks status reports what is installed and what is missing', () => {
      box = sandbox();
      const missing = box.changetrail(['hooks', 'status']);
      assert.equal(missing.code, 1);
      assert.match(missing.out, /installed: none/);
      install(box);
      const ok = box.changetrail(['hooks', 'status']);
      assert.equal(ok.code, 0, ok.out);
      assert.match(ok.out, /installed: prepare-commit-msg, commit-msg/);
    });

    it('replaces a symlinked hook instead of writing through it into the work tree, and restores the link', () => {
      box = sandbox();
      box.write('tools/hooks/commit-msg', '#!/bin/sh\necho team hook >&2\n', 0o755);
      box.git(['add', 'tools']);
      box.git(['commit', '-q', '-m', 'PROJ-1: team hooks']);
      const slot = join(box.path, '.git', 'hooks', 'commit-msg');
      symlinkSync('../../tools/hooks/commit-msg', slot);
      symlinkSync('../../tools/hooks/prepare-commit-msg', join(box.path, '.git', 'hooks', 'prepare-commit-msg')); // dangling
      install(box);
      assert.equal(readFileSync(join(box.path, 'tools/hooks/commit-msg'), 'utf8'), '#!/bin/sh\necho team hook >&2\n');
      assert.equal(box.git(['status', '--porcelain']), '', 'install changed or created files in the work tree');
      assert.ok(!lstatSync(slot).isSymbolicLink() && readFileSync(slot, 'utf8').includes('changetrail'));
      assert.equal(readlinkSync(`${slot}.pre-changetrail`), '../../tools/hooks/commit-msg');
      const r = box.commit('PROJ-2: x');
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /team hook/, 'the linked hook still runs');
      install(box);
      assert.equal(box.git(['status', '--porcelain']), '');
      assert.equal(box.changetrail(['hooks', 'uninstall']).code, 0);
      assert.equal(readlinkSync(slot), '../../tools/hooks/commit-msg', 'uninstall put the link back');
      assert.equal(readlinkSync(join(box.path, '.git', 'hooks', 'prepare-commit-msg')), '../../tools/hooks/prepare-commit-msg');
    });

    it('hooks status says enforcement is off when a hook is not executable, and install fixes the mode', function () {
      if (process.platform === 'win32') this.skip(); // git for Windows runs hooks whatever their mode
      box = sandbox();
      install(box);
      const hook = join(box.path, '.git', 'hooks', 'commit-msg');
      chmodSync(hook, 0o644);
      assert.equal(box.commit('no ticket, and git ignores the hook').code, 0, 'git runs no hook without the exec bit');
      const off = box.changetrail(['hooks', 'status']);
      assert.equal(off.code, 1, off.out);
      assert.doesNotMatch(off.out, /enforcement: on/);
      assert.match(off.out, /commit-msg: off: not executable .*changetrail hooks install/);
      install(box);
      assert.notEqual(statSync(hook).mode & 0o111, 0);
      assert.equal(box.changetrail(['hooks', 'status']).code, 0);
      assert.notEqual(box.commit('no ticket').code, 0, 'the hook runs again');
    });
  });
});
