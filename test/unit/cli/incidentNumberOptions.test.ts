import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

const cli = join(projectRoot(), 'dist', 'cli.js');

function run(cwd: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '', env: testGitEnv({ CHANGETRAIL_NOW: '2026-11-24T10:00:00Z' }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const complaint = (err: string) => err.split('\n').filter((l) => l && !l.startsWith('warning: the clock is fixed'));

// A number option read with Number(...) || default took "soon", "-5" or "abc" as the default.
describe('incident --wait, rollback --wait and lessons --limit: a bad number is bad input (built dist/cli.js)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  before(() => {
    repo = createTestRepo();
    assert.equal(run(repo.path, ['incident', 'open', '--title', 'Checkout down', '--no-post']).code, 0);
  });
  after(() => repo.dispose());

  it('exit 2 with one line naming the option; nothing recorded', () => {
    const log = join(repo.path, '.changetrail', 'changes.jsonl');
    const before = readFileSync(log, 'utf8');
    for (const [command, args, line] of [
      ['incident open', ['incident', 'open', '--title', 'x', '--wait', 'soon'], '--wait "soon": give a number of seconds'],
      ['incident update', ['incident', 'update', 'latest', '--note', 'n', '--wait', '-5'], '--wait "-5": give a number of seconds, 0 or more'],
      ['incident resolve', ['incident', 'resolve', 'latest', '--fix', 'none', '--wait', 'abc'], '--wait "abc": give a number of seconds'],
      ['rollback', ['rollback', '--wait', 'later'], '--wait "later": give a number of seconds'],
      ['lessons', ['lessons', 'disk', '--limit', 'abc'], '--limit "abc": give a whole number of incidents'],
      ['lessons', ['lessons', 'disk', '--limit', '0'], '--limit "0": give a whole number of incidents, 1 or more'],
    ] as const) {
      const r = run(repo.path, args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.deepEqual(complaint(r.err), [`changetrail ${command}: ${line}`]);
    }
    assert.equal(readFileSync(log, 'utf8'), before);
  });
});
