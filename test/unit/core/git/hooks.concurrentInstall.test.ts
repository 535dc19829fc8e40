import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, cli, install, lines, sandbox } from '../../../helpers/hookSandbox';
import { HOOKS_LOCK } from '../../../../src/core/git/hooks/hooksLock';

// Two installs at once are ordinary: the editor's "Install Hooks" offer while `npm install` runs
// `"prepare": "changetrail hooks install"`, or `npm install` in two worktrees. Each read the hooks
// directory and then renamed and wrote in it, so one kept the other's fresh ChangeTrail hook as
// `commit-msg.pre-changetrail.2`, "the hook that was there before": from then on every commit ran
// ChangeTrail's hook from itself until sh could not fork ("Cannot fork").

function runCli(box: Sandbox, args: readonly string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: box.path, env: box.env });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => resolve({ code, err }));
  });
}

describe('hooks install run several times at once', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  it('keeps the user\'s hook once, never a copy of its own, and the commit runs each hook once', async () => {
    box = sandbox({ branch: 'feature/PROJ-7-x' });
    const marker = join(box.scratch, 'user-hook.log');
    const original = `#!/bin/sh\necho ran >> '${marker}'\n`;
    box.write('.git/hooks/commit-msg', original, 0o755);
    const hooksDir = join(box.path, '.git', 'hooks');
    // The race needs the user's hook in the slot when they start: a few rounds make it show reliably.
    for (let round = 0; round < 3; round++) {
      if (round > 0) assert.equal(box.changetrail(['hooks', 'uninstall']).code, 0);
      const runs = await Promise.all(Array.from({ length: 6 }, () => runCli(box as Sandbox, ['hooks', 'install'])));
      for (const r of runs) assert.equal(r.code, 0, r.err);
      const kept = readdirSync(hooksDir).filter((n) => n.startsWith('commit-msg.') && !n.endsWith('.sample'));
      assert.deepEqual(kept, ['commit-msg.pre-changetrail'], `round ${round}`);
      assert.equal(readFileSync(join(hooksDir, 'commit-msg.pre-changetrail'), 'utf8'), original);
    }
    const r = box.commit('work');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(lines(marker), ['ran']);
    assert.ok(!readdirSync(join(box.path, '.git')).includes(HOOKS_LOCK), 'the lock is left behind');
    const un = box.changetrail(['hooks', 'uninstall']);
    assert.equal(un.code, 0, un.err);
    assert.equal(readFileSync(join(hooksDir, 'commit-msg'), 'utf8'), original);
  });

  it('a commit never runs a kept copy of ChangeTrail\'s own hook (left by such a race), and install removes it', () => {
    box = sandbox({ branch: 'feature/PROJ-7-x' });
    install(box);
    const hooksDir = join(box.path, '.git', 'hooks');
    const ran = join(box.scratch, 'copy-ran.log');
    // The copies are ChangeTrail's hooks with a line (after the marker) that logs each run and stops
    // after three, so that a regression shows as a count instead of thousands of processes.
    const copy = (hook: string) => {
      const [shebang, markerLine, ...rest] = readFileSync(join(hooksDir, hook), 'utf8').split('\n');
      const stop = `echo ${hook} >> '${ran}'; [ "$(wc -l < '${ran}')" -gt 3 ] && exit 0`;
      return [shebang, markerLine, stop, ...rest].join('\n');
    };
    writeFileSync(join(hooksDir, 'commit-msg.pre-changetrail.2'), copy('commit-msg'), { mode: 0o755 });
    writeFileSync(join(hooksDir, 'prepare-commit-msg.pre-changetrail'), copy('prepare-commit-msg'), { mode: 0o755 });
    const r = box.commit('work');
    assert.equal(r.code, 0, r.err.slice(0, 500));
    assert.equal(box.headMessage(), 'PROJ-7: work');
    assert.deepEqual(lines(ran), []);
    install(box);
    assert.deepEqual(readdirSync(hooksDir).filter((n) => n.includes('.pre-changetrail')), []);
  });

  it('takes over a lock whose process is gone', () => {
    box = sandbox();
    const lock = join(box.path, '.git', HOOKS_LOCK);
    mkdirSync(lock);
    // A pid no process has: the largest Linux allows is 4194304.
    writeFileSync(join(lock, 'pid'), '4194305\n');
    install(box);
    assert.ok(!readdirSync(join(box.path, '.git')).includes(HOOKS_LOCK));
  });
});
