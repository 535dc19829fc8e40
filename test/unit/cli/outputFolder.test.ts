import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

const cli = join(projectRoot(), 'dist', 'cli.js');

// Node 20's mkdir({ recursive: true }) loops for ever under /proc: `export --out /proc/x` hung.
describe('--out and --cache folders: a place no folder can be made is bad input, at once (built dist/cli.js)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  before(() => (repo = createTestRepo()));
  after(() => repo.dispose());
  const run = (args: readonly string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo.path, encoding: 'utf8', input: '', timeout: 15_000, env: testGitEnv({ CHANGETRAIL_NOW: '2026-11-24T10:00:00Z' }) });
    return { code: r.status, err: r.stderr, timedOut: r.error !== undefined };
  };

  it('export --out, board --out and board --cache under /proc, through a file, or onto a file: exit 2 naming the option', function () {
    const cases: [string[], RegExp][] = [
      [['export', '--out', 'README.md/x'], /--out README.md\/x: the path goes through a file/],
      [['export', '--out', 'README.md'], /--out README.md: a file of that name is in the way/],
    ];
    if (existsSync('/proc/self')) {
      cases.push([['export', '--out', '/proc/changetrail-x'], /--out \/proc\/changetrail-x: cannot create/]);
      cases.push([['board', '--out', '/proc/changetrail-x'], /--out \/proc\/changetrail-x: cannot create/]);
      cases.push([['board', '--out', 'site', '--cache', '/proc/changetrail-c'], /--cache \/proc\/changetrail-c: cannot create/]);
    }
    for (const [args, line] of cases) {
      const r = run(args);
      assert.equal(r.timedOut, false, `${args.join(' ')} hung`);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, line);
    }
  });

  it('a missing folder several levels deep is still made', () => {
    const r = run(['export', '--out', 'audit/2026/q4']);
    assert.equal(r.code, 0, r.err);
    assert.ok(statSync(join(repo.path, 'audit', '2026', 'q4')).isDirectory());
  });
});
