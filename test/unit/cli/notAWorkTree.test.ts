import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// A hostile-user probe: in a bare repository (a server's copy, a mirror) or inside .git, git says
// "this operation must be run in a work tree", which ChangeTrail took for a failure of git: exit 1,
// the answer "no" (`ticket`: the branch names no ticket; `hooks status`: not installed; `config
// check`: the config has problems), so a script read a folder it cannot use as a real answer. Like
// a folder outside any repository, it is the folder run in: exit 2, one line saying where to run.

const cli = join(projectRoot(), 'dist', 'cli.js');
const COMMANDS = [['ticket'], ['hooks', 'status'], ['hooks', 'install'], ['config', 'check'], ['digest'], ['note', '--env', 'production'], ['check']];

describe('run where git has no work tree: exit 2 (built dist/cli.js)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let bare: string;
  before(() => {
    repo = createTestRepo({ branch: 'feature/PROJ-7-probe' });
    repo.commit('PROJ-7: start');
    bare = join(mkdtempSync(join(tmpdir(), 'changetrail-bare-')), 'mirror.git');
    execFileSync('git', ['clone', '-q', '--bare', repo.path, bare], { env: testGitEnv() });
  });
  after(() => {
    repo.dispose();
    rmSync(join(bare, '..'), { recursive: true, force: true });
  });

  const run = (cwd: string, args: readonly string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input: '', env: testGitEnv({ CHANGETRAIL_NOW: '2026-11-24T10:00:00Z' }) });
    return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l && !l.startsWith('warning: the clock is fixed')) };
  };

  for (const [where, dir] of [['a bare repository', () => bare], ['inside .git', () => join(repo.path, '.git')]] as const) {
    for (const args of COMMANDS) {
      it(`${args.join(' ')} in ${where}`, () => {
        const r = run(dir(), args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err.join('\n')}`);
        assert.equal(r.err.length, 1, r.err.join('\n'));
        assert.match(r.err[0], /work tree/);
        assert.equal(r.out, '');
      });
    }
  }

  it('says what to do, not only what git said', () => {
    assert.match(run(bare, ['ticket']).err[0], /run changetrail inside the work tree of a git clone/);
  });

  // check has its own catch (it reports through its text or JSON report), so the hint main.ts used
  // to add never reached it, and check is what CI runs. The hint is in the error itself now.
  for (const [where, dir] of [['a bare repository', () => bare], ['inside .git', () => join(repo.path, '.git')]] as const) {
    it(`check in ${where} says what to do, in text and in the JSON document's error`, () => {
      const text = run(dir(), ['check', 'HEAD']);
      assert.equal(text.code, 2);
      assert.match(text.err.join('\n'), /must be run in a work tree \(run changetrail inside the work tree of a git clone: not in a bare repository, not inside \.git\)/);
      const json = run(dir(), ['check', '--format', 'json']);
      assert.equal(json.code, 2);
      const doc = JSON.parse(json.out) as { error?: string };
      assert.match(doc.error ?? '', /run changetrail inside the work tree of a git clone/);
    });
  }
});
