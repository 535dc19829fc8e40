import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, lines, sandbox, snapshot } from '../../../helpers/hookSandbox';

// Issue 12, item 3: a core.hooksPath from the global or system config is every repository's.
// Installing must write nothing there, change nothing for other repositories, and keep the
// user's global hooks running in this one.
for (const scope of ['global', 'system'] as const) {
  describe(`hooks install with a ${scope} core.hooksPath`, function () {
    this.timeout(60_000);
    let box: Sandbox;
    let other: Sandbox;
    let shared: string;
    let configFile: string;
    let marker: string;
    beforeEach(() => {
      box = sandbox({ branch: 'feature/PROJ-5-x' });
      other = sandbox();
      shared = join(box.scratch, 'global-hooks');
      marker = join(box.scratch, 'global.log');
      mkdirSync(shared);
      writeFileSync(join(shared, 'commit-msg'), `#!/bin/sh\necho "commit-msg $(head -n 1 "$1")" >> '${marker}'\n`, { mode: 0o755 });
      writeFileSync(join(shared, 'pre-commit'), `#!/bin/sh\necho pre-commit >> '${marker}'\n`, { mode: 0o755 });
      configFile = join(box.scratch, `${scope}.gitconfig`);
      writeFileSync(configFile, `[core]\n\thooksPath = ${shared}\n`);
      for (const env of [box.env, other.env]) {
        if (scope === 'global') env.GIT_CONFIG_GLOBAL = configFile;
        else {
          delete env.GIT_CONFIG_NOSYSTEM;
          env.GIT_CONFIG_SYSTEM = configFile;
        }
      }
    });
    afterEach(() => {
      box.dispose();
      other.dispose();
    });

    it('writes nothing into the shared directory or config, and says what it did', () => {
      const hooksBefore = snapshot(shared);
      const configBefore = readFileSync(configFile, 'utf8');
      const r = install(box);
      assert.match(r.out, new RegExp(`core\\.hooksPath is set in your ${scope} git config .*wrote nothing there`));
      assert.deepEqual(snapshot(shared), hooksBefore);
      assert.equal(readFileSync(configFile, 'utf8'), configBefore);
      // Another repository still runs only the shared hooks: no ticket is demanded there.
      const elsewhere = other.commit('no ticket in another repository');
      assert.equal(elsewhere.code, 0, elsewhere.err);
      assert.deepEqual(lines(marker), ['pre-commit', 'commit-msg no ticket in another repository']);
    });

    it('enforces here while the shared hooks keep running here', () => {
      install(box);
      const r = box.commit('with the branch ticket');
      assert.equal(r.code, 0, r.err);
      assert.equal(box.headMessage(), 'PROJ-5: with the branch ticket');
      assert.deepEqual(lines(marker), ['pre-commit', 'commit-msg PROJ-5: with the branch ticket']);
      box.git(['checkout', '-q', '-b', 'no-ticket']);
      assert.notEqual(box.commit('no ticket').code, 0, 'ChangeTrail enforces in this repository');
    });

    it('uninstall gives the repository back to the shared hooks', () => {
      install(box);
      const r = box.changetrail(['hooks', 'uninstall']);
      assert.equal(r.code, 0, r.err);
      assert.equal(box.tryGit(['config', '--local', 'core.hooksPath']).code, 1, 'the local core.hooksPath is gone');
      assert.equal(existsSync(join(box.path, '.git', 'changetrail-hooks')), false);
      box.git(['checkout', '-q', '-b', 'no-ticket']);
      assert.equal(box.commit('no ticket, shared hooks only').code, 0);
      assert.deepEqual(lines(marker).slice(-1), ['commit-msg no ticket, shared hooks only']);
    });
  });
}
