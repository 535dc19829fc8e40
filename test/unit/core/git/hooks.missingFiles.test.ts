import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, install, sandbox } from '../../../helpers/hookSandbox';
import { CLI_FILES } from '../../../../src/core/git/hooks/cliFiles';

// The hooks need the CLI copied beside them for whatever their fast path cannot settle. With
// cli.js (or one of its chunks) gone, after an install cut short or a clean-up tool, every such
// commit failed with node's "Cannot find module" stack trace, and `hooks status` said "on".

describe('git hooks with ChangeTrail\'s CLI files gone', () => {
  let box: Sandbox | undefined;
  afterEach(() => {
    box?.dispose();
    box = undefined;
  });

  for (const file of ['cli.js', ...CLI_FILES.slice(0, 1)]) {
    it(`${file} missing: one line says so, no stack trace; hooks status says OFF until install restores it`, () => {
      box = sandbox({ branch: 'topic' });
      box.write('.changetrail/config.json', '{ "tickets": { "projects": ["PROJ"] } }\n');
      install(box);
      rmSync(join(box.path, '.git', 'hooks', 'changetrail', file));
      const rejected = box.commit('no ticket here');
      assert.equal(rejected.code, 1, rejected.err);
      assert.match(rejected.err, new RegExp(`${file.replace('.', '\\.')} is missing.*restore with: changetrail hooks install`));
      assert.doesNotMatch(rejected.err, /Cannot find module|MODULE_NOT_FOUND|at Module\./);
      const accepted = box.commit('PROJ-4: named');
      assert.equal(accepted.code, 0, accepted.err);
      const status = box.changetrail(['hooks', 'status']);
      assert.equal(status.code, 1, status.out);
      assert.match(status.out, /^enforcement: OFF$/m);
      assert.match(status.out, new RegExp(`incomplete \\(missing: ${file.replace('.', '\\.')}\\)`));
      install(box);
      assert.equal(box.changetrail(['hooks', 'status']).code, 0);
    });
  }
});
