import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseCliOptions } from '../../../src/cli/cliOptions';
import { parseArgs } from '../../../src/cli/parseArgs';
import { parseOptions } from '../../../src/cli/noteOptions';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// A hostile-user probe: an option given an empty value (`--out=`, or `--out "$DIR"` with DIR unset
// in a CI script) was taken as given, and each command made something else of it. `export --out=`
// wrote the audit export to stdout and exited 0, `record --file=` read the folder it ran in as the
// file ("--file : is a folder"), `hooks compile-policy --out=` died with Node's ENOENT and exit 70.
// An empty value is no value: bad usage (exit 2), one line naming the option, nothing done.

const cli = join(projectRoot(), 'dist', 'cli.js');

describe('an option given an empty value', function () {
  this.timeout(60_000);

  it('every option parser reports it, naming the option', () => {
    for (const args of [['--out='], ['--out', ''], ['--out', '  ']]) {
      assert.deepEqual(parseCliOptions(args, ['--out'], []).problems, ['--out needs a value (it was empty)'], JSON.stringify(args));
      assert.deepEqual(parseCliOptions(args, [], [], ['--out']).problems, ['--out needs a value (it was empty)'], JSON.stringify(args));
      assert.deepEqual(parseArgs(args, ['--out'], []).problems, ['--out needs a value (it was empty)'], JSON.stringify(args));
      // note's and digest's own parser (digest --env= reported every environment, exit 0).
      assert.deepEqual(parseOptions(args, ['--out'], []).problems, ['--out needs a value (it was empty)'], JSON.stringify(args));
    }
    // A value is still a value, whatever it looks like.
    assert.deepEqual(parseCliOptions(['--title=--x', '--by', '-'], ['--title', '--by'], []).problems, []);
    assert.deepEqual(parseArgs(['--note', ' a '], ['--note'], []).values.get('--note'), [' a ']);
  });

  describe('the built CLI', () => {
    let repo: TestRepo;
    before(() => {
      repo = createTestRepo({ branch: 'feature/PROJ-7-probe' });
      repo.commit('PROJ-7: config', { '.changetrail/config.json': JSON.stringify({ tickets: { projects: ['PROJ'] } }) });
    });
    after(() => repo.dispose());

    const run = (args: readonly string[]) => {
      const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo.path, encoding: 'utf8', input: '', env: testGitEnv({ CHANGETRAIL_NOW: '2026-11-24T10:00:00Z' }) });
      return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l && !l.startsWith('warning: the clock is fixed')) };
    };

    for (const args of [['export', '--out='], ['export', '--out', ''], ['record', '--file='], ['hooks', 'compile-policy', '--out='], ['board', '--out', ''], ['gate', '--env', 'production', '--ref='], ['lessons', 'disk', '--format='], ['digest', '--env='], ['note', '--env', 'production', '--message=']]) {
      it(`${args.join(' ')}: exit 2, one line naming the option, nothing on stdout`, () => {
        const r = run(args);
        const option = args.find((a) => a.startsWith('--') && (a.endsWith('=') || args[args.indexOf(a) + 1] === ''))?.replace(/=$/, '');
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err.join('\n')}`);
        assert.equal(r.err.length, 1, r.err.join('\n'));
        assert.match(r.err[0], new RegExp(`${option} needs a value`));
        assert.equal(r.out, '');
      });
    }
  });
});
