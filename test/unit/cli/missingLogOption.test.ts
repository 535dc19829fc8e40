import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// A change log named with --log that does not exist (a mistyped archive path) gave an empty board,
// metrics of nothing and an audit export of 0 rows whose manifest listed the missing file, all with
// exit 0. A repository's own log may be missing (nothing recorded yet); a named one must exist.

const cli = join(projectRoot(), 'dist', 'cli.js');

describe('support commands: a --log that does not exist is bad input', () => {
  for (const command of [['board', '--out', 'site'], ['metrics', '--month', '2026-11'], ['export']]) {
    it(`${command[0]} --log missing.jsonl: exit 2 naming --log, nothing written`, () => {
      const repo = createTestRepo();
      try {
        const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: '2026-11-30T06:00:00Z' } });
        const r = run(...command, '--log', 'archive/2025.jsonl');
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.match(r.stderr, /--log archive\/2025\.jsonl: no such file/);
        assert.equal(r.stdout, '');
        assert.ok(!existsSync(join(repo.path, 'site')), 'no board was written');
        assert.ok(!/at .*\.js:\d+/.test(r.stderr), 'no stack trace');
        // The repository's own log, never written yet, is still an empty answer, not an error.
        assert.equal(run(...command).status, 0);
      } finally {
        repo.dispose();
      }
    });
  }
});
