import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

const cli = join(projectRoot(), 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('changetrail CLI (built dist/cli.js, real repositories)', () => {
  it('prints the branch ticket', () => {
    const repo = createTestRepo({ branch: 'feature/PROJ-77-export' });
    try {
      assert.deepEqual(run(repo.path, 'ticket'), { code: 0, out: 'PROJ-77\n', err: '' });
    } finally {
      repo.dispose();
    }
  });

  it('exits 1 when the branch names no ticket', () => {
    const repo = createTestRepo({ branch: 'feature/export' });
    try {
      const r = run(repo.path, 'ticket');
      assert.equal(r.code, 1);
      assert.match(r.err, /feature\/export names no ticket/);
    } finally {
      repo.dispose();
    }
  });

  it('config check: valid, missing, and broken files', () => {
    const repo = createTestRepo();
    try {
      assert.equal(run(repo.path, 'config', 'check').code, 0);
      repo.write('.changetrail/config.json', '{"tickets": {"projects": ["PROJ"]}}');
      assert.deepEqual(run(repo.path, 'config', 'check'), { code: 0, out: '.changetrail/config.json is valid.\n', err: '' });
      repo.write('.changetrail/config.json', '{"tickets": {"requireOnCommit": 1}}');
      const bad = run(repo.path, 'config', 'check');
      assert.equal(bad.code, 1);
      assert.equal(bad.err, '.changetrail/config.json:1: tickets.requireOnCommit: expected boolean, got number\n');
    } finally {
      repo.dispose();
    }
  });

  it('config check --json prints the effective policy', () => {
    const repo = createTestRepo();
    try {
      repo.write('.changetrail/config.json', '{"tickets": {"projects": ["OPS"]}}');
      const parsed = JSON.parse(run(repo.path, 'config', 'check', '--json').out);
      assert.deepEqual(parsed.config.tickets.projects, ['OPS']);
      assert.equal(parsed.config.tickets.requireOnCommit, true);
    } finally {
      repo.dispose();
    }
  });

  it('says plainly when run outside a repository, and on unknown commands', () => {
    const outside = run('/', 'ticket');
    // Not a repository: the command cannot tell (2), which is not a "no" (1).
    assert.equal(outside.code, 2);
    assert.match(outside.err, /^changetrail: git rev-parse failed: fatal: not a git repository/);
    const unknown = run('/', 'frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command "frobnicate"/);
  });

  it('prints its version', () => {
    const pkg = require(join(projectRoot(), 'package.json'));
    assert.equal(run('/', '--version').out.trim(), pkg.version);
  });
});
