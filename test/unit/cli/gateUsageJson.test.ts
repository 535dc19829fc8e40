import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// A deploy step that asked for `--format json` parses stdout. A wrong call (a typo'd option, no
// --env) printed only a line on stderr and nothing on stdout: the step's JSON parse failed with its
// own error, far from the cause. It now gets a "cannot tell" document naming the problem (exit 2).

const cli = join(projectRoot(), 'dist', 'cli.js');

describe('changetrail gate --format json with a wrong call', () => {
  const repo = createTestRepo();
  before(() => repo.commit('first', { 'a.txt': 'a' }));
  after(() => repo.dispose());

  for (const args of [['--format', 'json', '--zzz', '--env', 'production'], ['--format', 'json'], ['--env', 'production', '--format=json', '--ref']]) {
    it(`gate ${args.join(' ')}: a JSON document saying cannot tell, exit 2`, () => {
      const run = spawnSync(process.execPath, [cli, 'gate', ...args], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: '2026-12-01T10:00:00Z' } });
      assert.equal(run.status, 2, run.stderr);
      const doc = JSON.parse(run.stdout) as { decision: string; exitCode: number; error: { message: string; fix: string } };
      assert.equal(doc.decision, 'cannot tell');
      assert.equal(doc.exitCode, 2);
      assert.match(doc.error.message, /--zzz|--env is required|--ref needs a value/);
      assert.match(doc.error.fix, /^usage: changetrail gate --env/);
    });
  }
});
