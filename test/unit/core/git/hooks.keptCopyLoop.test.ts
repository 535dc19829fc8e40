import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';

// With changetrail/lib.sh gone, each hook falls back to exec'ing the hook it kept
// (<hook>.pre-changetrail). When that kept file was a copy of ChangeTrail's own hook (left by two
// installs at once, or copied by hand), the fallback exec'd itself forever: thousands of stderr
// lines a second and a commit that never ended. It must skip such a copy, as ct_chain does.

describe('git hooks without lib.sh, keeping a copy of their own hook', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  it('ends at once (one line on stderr) instead of exec\'ing itself without end', () => {
    box = sandbox({ branch: 'topic' });
    install(box);
    const hooks = join(box.path, '.git', 'hooks');
    copyFileSync(join(hooks, 'commit-msg'), join(hooks, 'commit-msg.pre-changetrail'));
    rmSync(join(hooks, 'changetrail', 'lib.sh'));
    const msg = join(box.scratch, 'msg.txt');
    writeFileSync(msg, 'no ticket\n');
    // A timeout, so a regression is killed (exec keeps the one process) rather than left looping.
    const r = spawnSync('sh', [join(hooks, 'commit-msg'), msg], { cwd: box.path, env: box.env, encoding: 'utf8', timeout: 5000 });
    assert.equal(r.signal, null, `killed after 5 s; stderr had ${r.stderr.split('\n').length} lines`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });

  it('still runs a kept hook of the user\'s', () => {
    box = sandbox({ branch: 'topic' });
    install(box);
    const hooks = join(box.path, '.git', 'hooks');
    writeFileSync(join(hooks, 'commit-msg.pre-changetrail'), '#!/bin/sh\n# mine, not "# changetrail-hook v1 (commit-msg)"\necho user-hook-ran >&2\nexit 3\n', { mode: 0o755 });
    rmSync(join(hooks, 'changetrail', 'lib.sh'));
    const msg = join(box.scratch, 'msg.txt');
    writeFileSync(msg, 'no ticket\n');
    const r = spawnSync('sh', [join(hooks, 'commit-msg'), msg], { cwd: box.path, env: box.env, encoding: 'utf8', timeout: 5000 });
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /user-hook-ran/);
  });
});
