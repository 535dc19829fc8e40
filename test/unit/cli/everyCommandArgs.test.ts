import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cliCommands } from '../../../src/cli/main';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// A hostile-user probe found `hooks install --help` installing the hooks, `hooks uninstall --help`
// removing them, and several commands running with options they did not know. Every command in
// the table, hidden ones too: --help prints its usage and runs nothing; an unknown option is bad
// usage (exit 2) and runs nothing.

const cli = join(projectRoot(), 'dist', 'cli.js');
const NOW = '2026-11-24T10:00:00Z';

function run(cwd: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '', env: testGitEnv({ CHANGETRAIL_NOW: NOW }) });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file under `dir` (the work tree and .git) with a hash of its content and its mode. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else files[relative(dir, path)] = `${stat.mode.toString(8)} ${createHash('sha1').update(readFileSync(path)).digest('hex')}`;
    }
  };
  walk(dir);
  return files;
}

describe('every CLI command: --help and unknown options (built dist/cli.js)', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  let initial: Record<string, string>;

  before(() => {
    repo = createTestRepo({ branch: 'feature/PROJ-7-probe' });
    repo.commit('PROJ-7: config', { '.changetrail/config.json': JSON.stringify({ tickets: { projects: ['PROJ'] } }) });
    // Installed hooks and a change log: what uninstall, compile-policy or record would change.
    const installed = run(repo.path, ['hooks', 'install', '--pre-push']);
    assert.equal(installed.code, 0, installed.err);
    repo.write('.changetrail/changes.jsonl', '');
    initial = snapshot(repo.path);
  });
  after(() => repo.dispose());

  for (const entry of cliCommands) {
    const words = entry.name.split(' ');
    it(`${entry.name} --help prints its usage, exits 0 and changes nothing`, () => {
      for (const help of ['--help', '-h']) {
        const r = run(repo.path, [...words, help]);
        assert.equal(r.code, 0, `${entry.name} ${help}: ${r.err}`);
        assert.match(r.out, new RegExp(`^Usage: changetrail ${entry.name}\\b`), r.out);
        assert.deepEqual(snapshot(repo.path), initial, `${entry.name} ${help} changed the repository`);
      }
    });

    it(`${entry.name} --zzz is bad usage: exit 2, and changes nothing`, () => {
      const r = run(repo.path, [...words, '--zzz']);
      assert.equal(r.code, 2, `${entry.name} --zzz: ${r.out}${r.err}`);
      assert.match(r.err, /unknown option "--zzz"/);
      const lines = r.err.trim().split('\n').filter((l) => !l.startsWith('warning: the clock is fixed'));
      assert.equal(lines.length, 1, `one line: ${r.err}`);
      assert.deepEqual(snapshot(repo.path), initial, `${entry.name} --zzz changed the repository`);
    });
  }

  it('a stray word is named as one, not as an option', () => {
    const r = run(repo.path, ['hooks', 'status', 'extra']);
    assert.equal(r.code, 2, r.err);
    assert.equal(r.err, 'changetrail hooks status: unexpected argument "extra"\n');
  });

  it('`changetrail hooks --help` lists the hooks commands', () => {
    const r = run(repo.path, ['hooks', '--help']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Usage: changetrail hooks install \[--pre-push\]/);
    assert.match(r.out, /Usage: changetrail hooks uninstall/);
  });
});
