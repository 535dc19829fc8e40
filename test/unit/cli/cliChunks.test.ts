import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { defaultTeamConfig } from '../../../src/core/config/teamConfigSchema';
import { teamConfigDefaults } from '../../../src/core/config/teamConfigDefaults';
import { CLI_FILES } from '../../../src/core/git/hooks/installHooks';
import { cliCommands } from '../../../src/cli/main';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { changeRecord } from '../../helpers/memoryLogIndex';
import { projectRoot } from '../../helpers/projectRoot';

// The CLI is dist/cli.js (the command table) plus chunks beside it (esbuild.lazy.mjs CLI_FILES):
// `check` and the hooks load only what they run. Before, dist/cli.js was one 1.7 MB file with
// RE2's wasm and zod inside, compiled on every run of `check` and of every hook's slow path.

const dist = join(projectRoot(), 'dist');
const cli = join(dist, 'cli.js');

describe('the CLI in chunks (built dist/cli.js)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  let work: string;
  let probe: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'changetrail-chunks-'));
    // Prints which of dist/'s files the process loaded, and their bytes, when it exits.
    probe = join(work, 'probe.cjs');
    writeFileSync(probe, `process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(dist)})))));`);
    repo = createTestRepo({ branch: 'feature/PROJ-1-start' });
    repo.commit('PROJ-1: Start', { 'a.txt': 'a\n' });
    repo.commit('Tidy up');
  });
  after(() => {
    repo?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  function loaded(...args: string[]): { status: number | null; files: string[]; bytes: number } {
    return loadedIn(repo.path, ...args);
  }

  function loadedIn(cwd: string, ...args: string[]): { status: number | null; files: string[]; bytes: number } {
    const run = spawnSync(process.execPath, ['-r', probe, cli, ...args], { cwd, encoding: 'utf8', env: testGitEnv() });
    const line = run.stderr.split('\n').find((l) => l.startsWith('LOADED '));
    assert.ok(line, run.stderr);
    const paths = JSON.parse(line.slice('LOADED '.length)) as string[];
    return { status: run.status, files: paths.map((p) => basename(p)).sort(), bytes: paths.reduce((sum, p) => sum + statSync(p).size, 0) };
  }

  it('check without a team config loads cli.js and its own chunk only: no zod, no RE2', () => {
    rmSync(join(repo.path, '.changetrail'), { recursive: true, force: true });
    const run = loaded('check', 'HEAD~2..HEAD');
    assert.equal(run.status, 1, 'the commit "Tidy up" names no ticket');
    assert.deepEqual(run.files, ['cli-check.js', 'cli.js']);
    assert.ok(run.bytes < 200_000, `check loaded ${run.bytes} bytes`);
  });

  it('check validates a team config (its zod chunk), and loads RE2 only for a team pattern', () => {
    // A range that leaves the config alone (one that changes it is checked with its base's policy).
    repo.commit('PROJ-1: Add the policy', { '.changetrail/config.json': JSON.stringify({ tickets: { projects: ['PROJ'] } }) });
    repo.commit('PROJ-1: Work', { 'work.txt': 'a' });
    assert.deepEqual(loaded('check', 'HEAD~1..HEAD').files, ['cli-check.js', 'cli-validation.js', 'cli.js']);
    repo.commit('PROJ-1: A team pattern', { '.changetrail/config.json': JSON.stringify({ tickets: { projects: ['PROJ'], patterns: ['SR-[0-9]+'] } }) });
    repo.commit('PROJ-1: More work', { 'work.txt': 'b' });
    const run = loaded('check', 'HEAD~1..HEAD');
    assert.equal(run.status, 0);
    assert.deepEqual(run.files, ['cli-check.js', 'cli-validation.js', 'cli.js', 're2.js']);
  });

  it('the hooks\' slow path loads its own chunk, not check, the other commands or simple-git', () => {
    const message = join(work, 'COMMIT_EDITMSG');
    writeFileSync(message, 'PROJ-1: Ship it\n');
    const run = loaded('hook', 'commit-msg', message);
    assert.equal(run.status, 0);
    assert.ok(run.files.includes('cli-hooks.js') && !run.files.includes('cli-check.js') && !run.files.includes('cli-commands.js'), run.files.join(' '));
    // Reading git config (core.commentChar, commit.cleanup) takes one git process each, no library.
    assert.ok(!run.files.includes('simple-git.js'), run.files.join(' '));
  });

  it('board loads its own chunk, not every other command\'s', () => {
    const run = loaded('board');
    assert.equal(run.status, 2, '--out is required');
    assert.ok(run.files.includes('cli-board.js') && !run.files.includes('cli-commands.js') && !run.files.includes('cli-check.js'), run.files.join(' '));
  });

  it('board over a log outside any repository loads one zod (its own chunk\'s, not cli-validation.js) and no simple-git', () => {
    const outside = mkdtempSync(join(tmpdir(), 'changetrail-board-outside-'));
    try {
      const log = join(outside, 'changes.jsonl');
      writeFileSync(log, `${JSON.stringify(changeRecord({ createdAt: '2026-11-02T10:00:00.000Z' }))}\n`);
      const run = loadedIn(outside, 'board', '--log', log, '--out', join(outside, 'site'), '--tz', 'UTC');
      assert.equal(run.status, 0);
      assert.deepEqual(run.files, ['cli-board.js', 'cli.js']);
      assert.ok(existsSync(join(outside, 'site', 'index.html')));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a ChangeTrailError thrown in a chunk exits with its own code (2: not a repository), not 70 (an internal error)', () => {
    const outside = mkdtempSync(join(tmpdir(), 'changetrail-norepo-'));
    try {
      const run = spawnSync(process.execPath, [cli, 'ticket'], { cwd: outside, encoding: 'utf8', env: testGitEnv({ GIT_CEILING_DIRECTORIES: tmpdir() }) });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /not a git repository/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('every file the CLI requires is built beside it, and the hooks get all of them', () => {
    assert.ok(CLI_FILES.length > 0, 'the build defines CHANGETRAIL_CLI_FILES');
    for (const file of CLI_FILES) assert.ok(existsSync(join(dist, file)), `dist/${file}`);
    const installed = spawnSync(process.execPath, [cli, 'hooks', 'install'], { cwd: repo.path, encoding: 'utf8', env: testGitEnv() });
    assert.equal(installed.status, 0, installed.stderr);
    for (const file of ['cli.js', ...CLI_FILES]) assert.ok(existsSync(join(repo.path, '.git', 'hooks', 'changetrail', file)), `hooks/changetrail/${file}`);
  });
});

describe('the CLI command table (src/cli/main.ts)', () => {
  it('names each command as the command itself does, once', async () => {
    const names = cliCommands.map((c) => c.name);
    assert.equal(new Set(names).size, names.length);
    for (const entry of cliCommands) assert.equal((await entry.load()).name, entry.name);
  });
});

describe('team config defaults without zod (teamConfigDefaults)', () => {
  it('are what the zod schema gives for an empty config, a fresh object each time', () => {
    assert.deepEqual(teamConfigDefaults(), defaultTeamConfig());
    const first = teamConfigDefaults();
    first.tickets.projects.push('CHANGED');
    assert.deepEqual(teamConfigDefaults().tickets.projects, []);
  });
});
