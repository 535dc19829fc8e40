import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
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

  it('reads --at as `changed --at` does: junk and impossible dates are bad input, a time after now is refused', () => {
    const repo = repoWithPolicy();
    try {
      for (const at of ['1', '2026-02-30 10:00', '2026-11-28T09:30:00']) {
        const r = run(repo.path, TUESDAY, [...BASE, '--at', at]);
        assert.equal(r.code, 2, `${at}: ${r.err}`);
        assert.match(r.err, /at: ".*" (is not a time|has no time zone)/);
      }
      const future = run(repo.path, TUESDAY, [...BASE, '--at', '9999-12-31T23:59:59Z']);
      assert.equal(future.code, 1);
      assert.match(future.err, /is after now/);
      assert.deepEqual(logLines(repo), [], 'nothing recorded');
      assert.equal(run(repo.path, TUESDAY, [...BASE, '--at', '2026-11-30 22:15']).code, 0);
      assert.equal(logLines(repo)[0].changedAt, '2026-11-30T22:15:00.000Z', 'a wall time in the team zone (UTC here)');
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

  it('--file that is not a readable regular file is bad input naming it, at once (/dev/zero was read until memory ran out, a FIFO waited forever)', () => {
    const repo = repoWithPolicy();
    try {
      execFileSync('mkfifo', [join(repo.path, 'pipe')]);
      writeFileSync(join(repo.path, 'huge.jsonl'), Buffer.alloc(17 * 1024 * 1024, 0x20));
      const cases: [string, RegExp][] = [
        ['/dev/zero', /^changetrail record: --file \/dev\/zero: is not a regular file/],
        ['pipe', /^changetrail record: --file pipe: is not a regular file/],
        ['pos', /^changetrail record: --file pos: is a folder/],
        ['missing.jsonl', /^changetrail record: --file missing.jsonl: no such file$/m],
        ['huge.jsonl', /^changetrail record: --file huge.jsonl: more than 16 MB$/m],
      ];
      repo.write('pos/.keep', '');
      for (const [file, message] of cases) {
        // A time limit of its own: a FIFO read without one would hang the suite.
        const r = spawnSync(process.execPath, [cli, 'record', '--file', file], { cwd: repo.path, encoding: 'utf8', timeout: 20_000, env: { ...process.env, CHANGETRAIL_NOW: TUESDAY } });
        assert.equal(r.status, 2, `${file}: ${r.error?.message ?? r.stderr}`);
        assert.match(r.stderr.split('\n').filter((l) => !l.startsWith('warning:')).join('\n'), message, file);
      }
      assert.deepEqual(logLines(repo), []);
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

  // Issue 19: "these records appear in ... the deployment note of the environment, `changed`".
  describe('in the deployment note of its environment and in `changed`', () => {
    const MONDAY_DEPLOY = '2026-11-30T10:00:00Z';
    const WEDNESDAY = '2026-12-02T10:00:00Z';
    let repo: TestRepo;
    before(() => {
      repo = repoWithPolicy();
      repo.commit('PROJ-1: till screen', { 'pos/till.ts': 'export const till = 1;\n' });
      const deployed = run(repo.path, MONDAY_DEPLOY, ['note', '--env', 'production', '--record', '--by', 'Ana <ana@example.com>']);
      assert.equal(deployed.code, 0, deployed.err);
      // Made before the previous deployment (recorded later, --at): not new to this one.
      assert.equal(run(repo.path, TUESDAY, [...BASE, '--env', 'production', '--title', 'Printer firmware 2.0', '--at', '2026-11-30T08:00:00Z']).code, 0);
      assert.equal(run(repo.path, TUESDAY, [...BASE, '--env', 'staging', '--title', 'Staging scanner driver']).code, 0);
      assert.equal(run(repo.path, TUESDAY, [...BASE, '--env', 'production']).code, 0);
    });
    after(() => repo.dispose());

    it('`note --env production` lists the production change made since the last deployment, in every format', () => {
      const md = run(repo.path, WEDNESDAY, ['note', '--env', 'production']);
      assert.equal(md.code, 0, md.err);
      assert.match(md.out, /^### Changed outside git \(1\)$/m);
      assert.match(md.out, /^#### Scanner driver 4\.2 on all tills$/m);
      assert.match(md.out, /- \*\*Rollback:\*\* reinstall driver 4\.1 from the share/);
      assert.ok(!md.out.includes('Staging scanner driver'), 'another environment');
      assert.ok(!md.out.includes('Printer firmware'), 'made before the previous deployment');
      const json = JSON.parse(run(repo.path, WEDNESDAY, ['note', '--env', 'production', '--format', 'json']).out) as { outsideGit?: { title: string; at: string; systems: { name: string }[] }[]; outsideGitSince?: string };
      assert.deepEqual(json.outsideGit?.map((c) => [c.title, c.at.slice(0, 16), c.systems.map((s) => s.name).join()]), [['Scanner driver 4.2 on all tills', '2026-12-01T10:00', 'POS']]);
      assert.equal(json.outsideGitSince?.slice(0, 16), '2026-11-30T10:00', 'since the previous deployment');
      const slack = run(repo.path, WEDNESDAY, ['note', '--env', 'production', '--format', 'slack']);
      assert.match(slack.out, /Changed outside git \(1\)/);
      const staging = run(repo.path, WEDNESDAY, ['note', '--env', 'staging', '--format', 'json']);
      assert.deepEqual((JSON.parse(staging.out) as { outsideGit?: { title: string }[] }).outsideGit?.map((c) => c.title), ['Staging scanner driver']);
    });

    it('`changed --env production` lists it in its window, and not in a window that ends before it', () => {
      type Answer = { deployments: { source: string; changes: { title: string; origin: string }[] }[] };
      const manualTitles = (a: Answer) => a.deployments.filter((d) => d.source === 'manual').flatMap((d) => d.changes.map((c) => c.title));
      const inWindow = run(repo.path, WEDNESDAY, ['changed', '--env', 'production', '--at', '2026-12-01T12:00:00Z', '--window', '6h', '--format', 'json']);
      assert.equal(inWindow.code, 0, inWindow.err);
      const answer = JSON.parse(inWindow.out) as Answer;
      assert.deepEqual(manualTitles(answer), ['Scanner driver 4.2 on all tills']);
      assert.equal(answer.deployments.find((d) => d.source === 'manual')?.changes[0].origin, 'manual');
      const before = JSON.parse(run(repo.path, WEDNESDAY, ['changed', '--env', 'production', '--at', '2026-12-01T09:00:00Z', '--window', '6h', '--format', 'json']).out) as Answer;
      assert.deepEqual(manualTitles(before), [], 'made after the window');
      const text = run(repo.path, WEDNESDAY, ['changed', '--env', 'production', '--at', '2026-12-01T12:00:00Z', '--window', '6h']);
      assert.match(text.out, /Scanner driver 4\.2 on all tills \(made outside git\)/);
    });
  });
});
