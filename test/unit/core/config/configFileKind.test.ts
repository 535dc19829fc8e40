import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { loadTeamConfig } from '../../../../src/core/config/loadTeamConfig';
import { type Sandbox, cli, install, sandbox } from '../../../helpers/hookSandbox';

// A FIFO at the config path blocks a plain read forever; a dangling symlink reads as "no file".
describe('team config that is not a regular file', function () {
  this.timeout(60_000);
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  it('refuses a FIFO with a clear problem, and neither check nor the hooks hang', function () {
    if (process.platform === 'win32') this.skip();
    box = sandbox({ branch: 'feature/PROJ-42-x' });
    install(box);
    mkdirSync(join(box.path, '.changetrail'), { recursive: true });
    assert.equal(spawnSync('mkfifo', [join(box.path, '.changetrail', 'config.json')]).status, 0);
    const b = box;
    return (async () => {
      const result = await loadTeamConfig(b.path);
      assert.equal(result.found, true);
      assert.match(result.problems[0]?.message ?? '', /is not a regular file \(a FIFO\)/);
      // spawnSync with a timeout: a hang fails the test instead of stalling the suite.
      const check = spawnSync(process.execPath, [cli, 'check', 'HEAD~1..HEAD'], { cwd: b.path, env: b.env, encoding: 'utf8', timeout: 20_000 });
      assert.notEqual(check.signal, 'SIGTERM', 'check hung on the FIFO');
      assert.equal(check.status, 2, check.stderr + check.stdout);
      assert.match(check.stdout + check.stderr, /not a regular file/);
      const commit = spawnSync('git', ['commit', '--allow-empty', '-m', 'fix'], { cwd: b.path, env: b.env, encoding: 'utf8', timeout: 20_000 });
      assert.notEqual(commit.signal, 'SIGTERM', 'the hooks hung on the FIFO');
      assert.match(commit.stderr, /config\.json is broken: .*not a regular file/);
    })();
  });

  it('says a dangling symlink is a config that is missing, not "no config"', async () => {
    box = sandbox();
    mkdirSync(join(box.path, '.changetrail'), { recursive: true });
    symlinkSync('../shared/changetrail.json', join(box.path, '.changetrail', 'config.json'));
    const result = await loadTeamConfig(box.path);
    assert.equal(result.found, true);
    assert.match(result.problems[0]?.message ?? '', /is a symbolic link to \.\.\/shared\/changetrail\.json, which does not exist/);
  });
});
