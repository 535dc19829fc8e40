import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

const cli = join(projectRoot(), 'dist', 'cli.js');
const TUESDAY = '2026-12-01T10:00:00Z';
const SATURDAY = '2026-12-05T16:00:00Z';

function run(cwd: string, now: string, args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, CHANGETRAIL_NOW: now } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function repoWithPolicy(): TestRepo {
  const repo = createTestRepo();
  repo.commit('config', { '.changetrail/config.json': JSON.stringify({ systems: [{ name: 'POS', paths: ['pos/**'], criticality: 'critical', owner: 'Retail' }], freeze: { timeZone: 'UTC' } }) });
  return repo;
}

function logLines(repo: TestRepo): Record<string, unknown>[] {
  const file = join(repo.path, '.changetrail/changes.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)) : [];
}

const BASE = ['record', '--system', 'pos', '--title', 'Scanner driver 4.2 on all tills', '--why', 'the new scanners need it', '--rollback', 'reinstall driver 4.1 from the share', '--by', 'Sam <sam@example.com>'];

describe('changetrail record: changes made outside git (real repository, fixed clock)', () => {
  it('appends a manual change record with the team’s system, its risk and no commits', () => {
    const repo = repoWithPolicy();
    try {
      const r = run(repo.path, TUESDAY, [...BASE, '--env', 'production', '--ticket', 'OPS-9']);
      assert.equal(r.code, 0, r.err);
      const [record] = logLines(repo) as [Record<string, any>];
      assert.equal(record.origin, 'manual');
      assert.deepEqual(record.commits, []);
      assert.deepEqual(record.systems, [{ name: 'POS', owner: 'Retail', criticality: 'critical', thirdParty: false }]);
      assert.equal(record.reason, 'the new scanners need it');
      assert.equal(record.rollbackPlan, 'reinstall driver 4.1 from the share');
      assert.deepEqual(record.tickets, ['OPS-9']);
      assert.deepEqual(record.author, { name: 'Sam', email: 'sam@example.com' });
      assert.match(record.createdAt, /^2026-12-01T10:00:0/, 'the fixed clock');
      assert.deepEqual(record.riskFlags.map((f: { id: string }) => f.id), ['criticalSystem']);
      assert.match(r.out, /Recorded [0-9A-Z]{26}: Scanner driver/);
    } finally {
      repo.dispose();
    }
  });

  it('refuses a change without a rollback plan, and one in a freeze window without a reason', () => {
    const repo = repoWithPolicy();
    try {
      const noRollback = run(repo.path, TUESDAY, BASE.filter((a, i) => a !== '--rollback' && BASE[i - 1] !== '--rollback'));
      assert.equal(noRollback.code, 1);
      assert.match(noRollback.err, /rollback plan is required/);
      const frozen = run(repo.path, SATURDAY, BASE);
      assert.equal(frozen.code, 1);
      assert.match(frozen.err, /freeze window.*--override-reason/);
      assert.deepEqual(logLines(repo), [], 'nothing was written');
      const overridden = run(repo.path, SATURDAY, [...BASE, '--override-reason', 'tills down in every store']);
      assert.equal(overridden.code, 0, overridden.err);
      const [record] = logLines(repo) as [Record<string, any>];
      assert.equal(record.freezeOverride.reason, 'tills down in every store');
      assert.equal(record.riskFlags[0].id, 'freezeWindow');
    } finally {
      repo.dispose();
    }
  });

  it('takes a JSON Lines file from a tool, all or nothing, naming the bad line and field', () => {
    const repo = repoWithPolicy();
    try {
      const good = { systems: ['DNS'], title: 'MX record moved', why: 'new mail provider', rollback: 'restore the old MX', at: '2026-11-30T22:00:00Z' };
      writeFileSync(join(repo.path, 'bad.jsonl'), `${JSON.stringify(good)}\n${JSON.stringify({ ...good, systems: [] })}\n`);
      const bad = run(repo.path, TUESDAY, ['record', '--file', 'bad.jsonl']);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /line 2: systems: /);
      assert.deepEqual(logLines(repo), []);
      const ok = run(repo.path, TUESDAY, ['record', '--file', '-'], `${JSON.stringify(good)}\n${JSON.stringify({ ...good, title: 'SPF updated' })}\n`);
      assert.equal(ok.code, 0, ok.err);
      const lines = logLines(repo) as Record<string, any>[];
      assert.deepEqual(lines.map((l) => l.title), ['MX record moved', 'SPF updated']);
      assert.equal(lines[0].changedAt, '2026-11-30T22:00:00.000Z');
    } finally {
      repo.dispose();
    }
  });

  it('shows the manual change in the digest like any other change', () => {
    const repo = repoWithPolicy();
    try {
      assert.equal(run(repo.path, TUESDAY, [...BASE, '--env', 'production']).code, 0);
      const digest = run(repo.path, '2026-12-02T10:00:00Z', ['digest', '--since', '7d', '--until', '2026-12-02T10:00:00Z', '--format', 'json']);
      assert.equal(digest.code, 0, digest.err);
      const json = JSON.parse(digest.out);
      const titles = json.groups.flatMap((g: { items: { title: string }[] }) => g.items.map((i) => i.title));
      assert.ok(titles.includes('Scanner driver 4.2 on all tills'), JSON.stringify(json.groups));
    } finally {
      repo.dispose();
    }
  });
});
