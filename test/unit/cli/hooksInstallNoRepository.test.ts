import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// A new user's probe of the package's advice, `"prepare": "changetrail hooks install"`: npm runs
// prepare on every `npm install`/`npm ci` of the project, also where the project is no git
// repository (a Docker build that copies package.json, an unpacked tarball). There `hooks install`
// exited 2 and npm failed the whole install. Under npm's install scripts (npm_lifecycle_event) it
// says in one line that no hooks were installed and exits 0; run by hand it is still exit 2.

const cli = join(projectRoot(), 'dist', 'cli.js');

describe('hooks install where the project is no git repository (built dist/cli.js)', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-no-git-')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>) => spawnSync(process.execPath, [cli, 'hooks', 'install'], { cwd: dir, encoding: 'utf8', env: testGitEnv({ GIT_CEILING_DIRECTORIES: dirname(dir), ...env }) });

  for (const script of ['prepare', 'postinstall']) {
    it(`under npm's ${script}: exit 0, one line saying no hooks were installed`, () => {
      const r = run({ npm_lifecycle_event: script });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `changetrail hooks install: ${dir} is not in a git repository (npm ${script}): no hooks installed\n`);
      assert.equal(existsSync(join(dir, '.git')), false);
    });
  }

  it('by hand (or under any other npm script): still bad input, exit 2', () => {
    for (const env of [{}, { npm_lifecycle_event: 'test' }] as Record<string, string>[]) {
      const r = run(env);
      assert.equal(r.status, 2, JSON.stringify(env));
      assert.match(r.stderr, /not a git repository/);
    }
  });

  // The images this advice meets (node:*-slim, node:*-alpine) usually have no git at all: git is
  // not found, which was only ever exit 2, and npm ci failed there too.
  describe('where there is no git at all (PATH holds only node)', () => {
    const runWithoutGit = (env: Record<string, string>) => {
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      return spawnSync(process.execPath, [cli, 'hooks', 'install'], { cwd: dir, encoding: 'utf8', env: testGitEnv({ GIT_CEILING_DIRECTORIES: dirname(dir), PATH: bin, ...env }) });
    };

    it("under npm's prepare: exit 0, one line saying git is not here and no hooks were installed", () => {
      const r = runWithoutGit({ npm_lifecycle_event: 'prepare' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, 'changetrail hooks install: git is not installed here (not found on PATH) (npm prepare): no hooks installed\n');
    });

    it('by hand: still exit 2, saying git was not found', () => {
      const r = runWithoutGit({ npm_lifecycle_event: '' });
      assert.equal(r.status, 2, r.stdout);
      assert.match(r.stderr, /Git was not found on PATH/);
    });
  });
});
