import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, lines, sandbox, setUpHusky } from '../../../helpers/hookSandbox';

// Issue 12, item 6: other hook installers (lefthook, husky, scripts) move or replace ChangeTrail's
// hooks. The user's original hook is never lost, no hook is left sourcing files that are gone,
// leftovers go, and `hooks status` says when enforcement is off and how to restore it.
describe('hooks that other tools replace', function () {
  this.timeout(60_000);
  let box: Sandbox;
  let marker: string;
  let hooks: string;
  beforeEach(() => {
    box = sandbox();
    marker = join(box.scratch, 'hooks.log');
    hooks = join(box.path, '.git', 'hooks');
    box.write('.git/hooks/commit-msg', `#!/bin/sh\necho original >> '${marker}'\n`, 0o755);
  });
  afterEach(() => box.dispose());

  /** What `lefthook install` does to a hook that is not its own: moves it to .old, writes its own. */
  const lefthookInstall = () => {
    renameSync(join(hooks, 'commit-msg'), join(hooks, 'commit-msg.old'));
    writeFileSync(join(hooks, 'commit-msg'), `#!/bin/sh\necho lefthook >> '${marker}'\n`, { mode: 0o755 });
  };
  /** And `lefthook uninstall`: removes its hook, puts .old back. */
  const lefthookUninstall = () => {
    rmSync(join(hooks, 'commit-msg'));
    renameSync(join(hooks, 'commit-msg.old'), join(hooks, 'commit-msg'));
  };

  it('a reinstall after another tool replaced ours keeps the original and runs both', () => {
    install(box);
    lefthookInstall();
    install(box);
    assert.match(readFileSync(join(hooks, 'commit-msg.pre-changetrail'), 'utf8'), /echo original/, 'the saved original was overwritten');
    assert.ok(existsSync(join(hooks, 'commit-msg.pre-changetrail.2')));
    assert.equal(box.commit('PROJ-1: both run').code, 0);
    assert.deepEqual(lines(marker), ['original', 'lefthook']);
    assert.notEqual(box.commit('no ticket').code, 0, 'ChangeTrail enforces again');
  });

  it('uninstalled between lefthook install and uninstall: no hook sourcing files that are gone, the original returns', () => {
    install(box);
    lefthookInstall();
    const r = box.changetrail(['hooks', 'uninstall']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /commit-msg\.old was ChangeTrail's commit-msg moved aside by another tool; it is your original commit-msg again/);
    lefthookUninstall();
    const c = box.commit('no ticket needed any more');
    assert.equal(c.code, 0, `every commit fails after lefthook restored a hook of ours: ${c.err}`);
    assert.deepEqual(lines(marker), ['original']);
    const leftovers = readdirSync(hooks).filter((n) => !n.endsWith('.sample') && /changetrail-hook v1|changetrail\/lib\.sh/.test(readFileSync(join(hooks, n), 'utf8')));
    assert.deepEqual(leftovers, [], 'leftovers of ChangeTrail stay in .git/hooks');
  });

  it('a hook of ours whose files are gone never blocks a commit, and says so', () => {
    install(box);
    rmSync(join(hooks, 'changetrail'), { recursive: true });
    const c = box.commit('no ticket');
    assert.equal(c.code, 0, c.err);
    assert.match(c.err, /ChangeTrail: its files are gone .* checks nothing\. Restore with: changetrail hooks install/);
    assert.deepEqual(lines(marker), ['original'], 'the kept original still runs');
  });

  it('hooks status says enforcement is off after lefthook took the hook, and how to restore it', () => {
    install(box);
    assert.match(box.changetrail(['hooks', 'status']).out, /^enforcement: on$/m);
    lefthookInstall();
    const s = box.changetrail(['hooks', 'status']);
    assert.equal(s.code, 1);
    assert.match(s.out, /^enforcement: partial$/m);
    assert.match(s.out, /commit-msg: another tool replaced ChangeTrail's hook and moved it to commit-msg\.old/);
    assert.match(s.out, /^restore: changetrail hooks install$/m);
  });

  it('husky moving core.hooksPath: status says off; install moves over and removes the leftovers', () => {
    install(box);
    setUpHusky(box, join(box.scratch, 'husky.log'));
    const s = box.changetrail(['hooks', 'status']);
    assert.match(s.out, /^enforcement: OFF$/m);
    assert.match(s.out, /ChangeTrail's hooks are in .*\.git\/hooks, but git runs hooks from .*\.husky\/_/);
    const r = install(box);
    assert.match(r.out, /Removed ChangeTrail's earlier hooks from .*\.git\/hooks/);
    assert.equal(existsSync(join(hooks, 'changetrail')), false);
    assert.match(readFileSync(join(hooks, 'commit-msg'), 'utf8'), /echo original/, 'the original is back in .git/hooks');
    assert.match(box.changetrail(['hooks', 'status']).out, /^enforcement: on$/m);
  });
});
