import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_FILES } from '../../../src/core/git/hooks/installHooks';
import { createTestRepo, type TestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// The CLI as teams install it: `npm run pack:cli` packs packages/cli (the same src/cli bundle,
// no dependencies), and a project installs the tarball with `npm i -D` offline, runs
// `changetrail --version`, `check` and `hooks install` from node_modules/.bin, and gets the hooks
// from its own `"prepare": "changetrail hooks install"`. Before, the only way was to unzip
// dist/cli.js out of the .vsix and commit it.

const root = projectRoot();
const npm = (cwd: string, ...args: string[]) => execFileSync('npm', args, {
  cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
});

describe('the changetrail npm package (packages/cli)', function () {
  this.timeout(180_000);
  let packs: string;
  let tarball: string;
  let project: TestRepo;

  before(() => {
    packs = mkdtempSync(join(tmpdir(), 'changetrail-pack-'));
    const [packed] = JSON.parse(npm(root, 'pack', './packages/cli', '--pack-destination', packs, '--json')) as { filename: string; files: { path: string }[] }[];
    tarball = join(packs, packed.filename);
    // cli.js and every file it requires from beside itself (its chunks, RE2, simple-git, axios).
    const expected = ['README.md', 'dist/board/board.css', 'dist/board/board.js', 'dist/board/uPlot.min.css', 'dist/cli.js', ...CLI_FILES.map((f) => `dist/${f}`), 'package.json'];
    assert.deepEqual(packed.files.map((f) => f.path).sort(), expected.sort());
    project = createTestRepo({ branch: 'feature/PROJ-9-export' });
    project.commit('PROJ-9: Start the project', {
      'package.json': JSON.stringify({ name: 'acme-accounts', version: '1.0.0', private: true, scripts: { prepare: 'changetrail hooks install' } }, null, 2),
      '.changetrail/config.json': JSON.stringify({ tickets: { projects: ['PROJ'] } }),
      '.gitignore': 'node_modules/\n',
    });
    // Offline: the package has no dependencies, so nothing is fetched from any registry.
    npm(project.path, 'install', '--offline', '--save-dev', tarball);
  });
  after(() => {
    project?.dispose();
    rmSync(packs, { recursive: true, force: true });
  });

  const bin = (...args: string[]) => spawnSync(join(project.path, 'node_modules', '.bin', 'changetrail'), args, { cwd: project.path, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

  it('is one self-contained package: no dependencies, a bin, the version of this repository', () => {
    const manifest = JSON.parse(readFileSync(join(project.path, 'node_modules', 'changetrail', 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; dependencies?: object };
    const rootVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(manifest.bin, { changetrail: 'dist/cli.js' });
    assert.equal(manifest.version, rootVersion, 'packages/cli/package.json follows the repository version');
    const devDeps = (JSON.parse(readFileSync(join(project.path, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
    assert.ok(devDeps.changetrail, 'npm i -D recorded it');
    assert.deepEqual([bin('--version').status, bin('--version').stdout], [0, `${rootVersion}\n`]);
  });

  it('check: exit 1 on a commit without a ticket, 0 once it names one', () => {
    project.commit('Tidy up');
    const failing = bin('check', 'HEAD~1..HEAD');
    assert.equal(failing.status, 1, failing.stderr);
    assert.match(failing.stdout, /Tidy up/);
    project.git('commit', '-q', '--amend', '-m', 'PROJ-9: Tidy up');
    assert.equal(bin('check', 'HEAD~1..HEAD').status, 0);
  });

  it('hooks install, and the "prepare" script does it on npm install', () => {
    const installed = bin('hooks', 'install');
    assert.equal(installed.status, 0, installed.stderr);
    const hooks = join(project.path, '.git', 'hooks');
    assert.ok(existsSync(join(hooks, 'commit-msg')) && existsSync(join(hooks, 'changetrail', 'cli.js')));
    for (const file of CLI_FILES) assert.ok(existsSync(join(hooks, 'changetrail', file)), `the hooks got ${file} beside cli.js`);
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Ana', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'Ana', GIT_COMMITTER_EMAIL: 'a@example.com' };
    const committed = spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'Export as CSV'], { cwd: project.path, encoding: 'utf8', env });
    assert.equal(committed.status, 0, committed.stderr);
    assert.match(project.git('log', '-1', '--format=%B'), /PROJ-9/, 'prepare-commit-msg added the branch ticket');

    assert.equal(bin('hooks', 'uninstall').status, 0);
    assert.ok(!existsSync(join(hooks, 'commit-msg')));
    npm(project.path, 'install', '--offline');
    assert.ok(existsSync(join(hooks, 'commit-msg')), '"prepare": "changetrail hooks install" installed the hooks');
  });
});
