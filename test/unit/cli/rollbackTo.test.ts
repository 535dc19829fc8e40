import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// `rollback --to <sha>` took any hex string: an unknown commit ("deadbeef") or one that never
// went live there and lies ahead of the live commit was recorded as a rollback to it, as typed
// (an abbreviated sha in the log). A second `rollback` after a first one went to the first one's
// previousCommit: the very commit it had taken out.
const cli = join(projectRoot(), 'dist', 'cli.js');

function run(repo: TestRepo, now: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: now } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function lines(repo: TestRepo): Record<string, unknown>[] {
  return readFileSync(join(repo.path, '.changetrail/changes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('rollback --to: a commit that exists here and lies behind what is live (real git)', () => {
  let repo: TestRepo;
  const c: string[] = [];
  before(() => {
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['production'], freeze: { timeZone: 'UTC', weekly: [] } }) });
    c.push(repo.commit('OPS-1 one', { 'a.txt': '1' }));
    assert.equal(run(repo, '2026-11-23T10:00:00Z', 'note', '--env', 'production', '--record').code, 0);
    c.push(repo.commit('OPS-2 between', { 'b.txt': '2' }));
    c.push(repo.commit('OPS-3 two', { 'a.txt': '3' }));
    assert.equal(run(repo, '2026-11-24T10:00:00Z', 'note', '--env', 'production', '--record').code, 0);
    c.push(repo.commit('OPS-4 never deployed', { 'c.txt': '4' }));
  });
  after(() => repo.dispose());

  it('refuses an unknown commit and one that never went live and lies ahead, before recording anything', () => {
    const before = lines(repo).length;
    const unknown = run(repo, '2026-11-25T10:00:00Z', 'rollback', '--env', 'production', '--to', 'deadbeef', '--no-post');
    assert.equal(unknown.code, 2, unknown.out);
    assert.match(unknown.err, /--to deadbeef is not a commit in this repository/);
    const ahead = run(repo, '2026-11-25T10:00:00Z', 'rollback', '--env', 'production', '--to', c[3].slice(0, 10), '--no-post');
    assert.equal(ahead.code, 2, ahead.out);
    assert.match(ahead.err, /is not behind what production runs/);
    assert.equal(lines(repo).length, before, 'nothing recorded');
  });

  it('records a commit behind the live one by its full sha, taking out the deployment after it', () => {
    const r = run(repo, '2026-11-25T10:00:00Z', 'rollback', '--env', 'production', '--to', c[1].slice(0, 8), '--no-post', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const { plan, record } = JSON.parse(r.out);
    assert.equal(record.commit, c[1], 'the full sha');
    assert.equal(plan.undone.length, 1, 'only the deployment of OPS-3 is taken out');
  });

  it('a second rollback does not bring back what the first took out', () => {
    const other = createTestRepo();
    try {
      other.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['production'], freeze: { timeZone: 'UTC', weekly: [] } }) });
      const good = other.commit('OPS-1 good', { 'a.txt': '1' });
      assert.equal(run(other, '2026-11-23T10:00:00Z', 'note', '--env', 'production', '--record').code, 0);
      const bad = other.commit('OPS-2 bad', { 'a.txt': '2' });
      assert.equal(run(other, '2026-11-24T10:00:00Z', 'note', '--env', 'production', '--record').code, 0);
      const first = run(other, '2026-11-25T10:00:00Z', 'rollback', '--env', 'production', '--no-post');
      assert.equal(first.code, 0, first.err);
      assert.equal((lines(other).at(-1) as { commit: string }).commit, good);
      const second = run(other, '2026-11-25T11:00:00Z', 'rollback', '--env', 'production', '--no-post');
      assert.equal(second.code, 2, `went to ${(lines(other).at(-1) as { commit: string }).commit} (the bad commit is ${bad})`);
      assert.match(second.err, /No earlier good deployment to production/);
      assert.equal(lines(other).length, 3, 'nothing recorded');
    } finally {
      other.dispose();
    }
  });
});
