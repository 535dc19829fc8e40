import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { change, deployment, incident } from '../../fixtures/metrics/metricsFixtures';

const cli = join(projectRoot(), 'dist', 'cli.js');

function run(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: '2026-11-30T06:00:00Z' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('changetrail metrics and export (built dist/cli.js, real repository)', () => {
  function repoWithLog() {
    const repo = createTestRepo();
    const c = change({ at: '2026-11-10T09:00:00Z', system: 'Billing' });
    const d1 = deployment('2026-11-10T10:00:00Z', [c]);
    const r1 = deployment('2026-11-10T11:00:00Z', [], { kind: 'rollback', rollsBack: d1.id });
    const i1 = incident({ detectedAt: '2026-11-10T10:30:00Z', resolvedAt: '2026-11-10T11:30:00Z', systems: ['Billing'] });
    repo.write('.changetrail/changes.jsonl', [c, d1, r1, i1].map((e) => JSON.stringify(e)).join('\n') + '\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'records');
    return repo;
  }

  it('metrics --month prints the month in JSON with its definitions', () => {
    const repo = repoWithLog();
    try {
      const r = run(repo.path, 'metrics', '--month', '2026-11', '--tz', 'UTC', '--env', 'production', '--format', 'json');
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out);
      assert.equal(json.reports[0].deployments, 1);
      assert.equal(json.reports[0].rollbacks, 1);
      assert.equal(json.reports[0].changeFailureRate.value, 1);
      assert.match(json.reports[0].changeFailureRate.note, /only 1 deployment/);
      // The fixed clock runs on from 06:00 while the command works, so "the month so far" is a few ms longer.
      assert.ok(Math.abs(json.reports[0].uptime.value - (1 - 3_600_000 / (29 * 86_400_000 + 6 * 3_600_000))) < 1e-8, 'an hour of outage in the month so far');
      assert.ok(json.definitions.some((d: { metric: string }) => d.metric === 'Change failure rate'));
    } finally {
      repo.dispose();
    }
  });

  it('metrics refuses a badly written month with exit 2', () => {
    const repo = repoWithLog();
    try {
      const r = run(repo.path, 'metrics', '--month', 'November');
      assert.equal(r.code, 2);
      assert.match(r.err, /YYYY-MM/);
      // A period that has not begun has no numbers ("0 a week (low)" read as a real answer).
      for (const [option, value] of [['--month', '2026-12'], ['--week', '2026-W50']]) {
        const ahead = run(repo.path, 'metrics', option, value);
        assert.equal(ahead.code, 2, `${option} ${value}: ${ahead.out}`);
        assert.match(ahead.err, new RegExp(`${option} ${value} has not started yet`));
      }
    } finally {
      repo.dispose();
    }
  });

  it('export refuses a window that lies ahead or runs backwards, and an --out that is a file, with exit 2', () => {
    const repo = repoWithLog();
    try {
      // Each was an empty export with exit 0, and a manifest vouching for a window nobody audited.
      const cases: [string[], RegExp][] = [
        [['--since', '2027-01-01'], /--since 2027-01-01T00:00:00.000Z is after now/],
        [['--since', '2026-11-20', '--until', '2026-11-10'], /--since 2026-11-20T00:00:00.000Z is not before --until 2026-11-10T00:00:00.000Z/],
        [['--since', 'soon'], /--since "soon" is not a time/],
      ];
      for (const [args, message] of cases) {
        const r = run(repo.path, 'export', ...args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
        assert.match(r.err, message);
        assert.equal(r.out, '', 'no export');
      }
      // A later --until ends the export now: the manifest never vouches for time that has not passed.
      const later = run(repo.path, 'export', '--until', '2026-12-31', '--out', 'later');
      assert.equal(later.code, 0, later.err);
      assert.match(later.err, /--until 2026-12-31T00:00:00.000Z is after now: the export ends now/);
      assert.equal(JSON.parse(readFileSync(join(repo.path, 'later', 'changetrail-export-2026-11-30.manifest.json'), 'utf8')).until.slice(0, 16), '2026-11-30T06:00');
      // The default 90 days count back from where the export ends (now), not from the --until given.
      const farLater = run(repo.path, 'export', '--until', '2027-06-01', '--out', 'far');
      assert.equal(farLater.code, 0, farLater.err);
      assert.equal(JSON.parse(readFileSync(join(repo.path, 'far', 'changetrail-export-2026-11-30.manifest.json'), 'utf8')).since.slice(0, 10), '2026-09-01');
      repo.write('audit', 'a file, not a folder');
      const file = run(repo.path, 'export', '--out', 'audit');
      assert.equal(file.code, 2, file.err);
      assert.match(file.err, /--out audit: a file of that name is in the way/);
    } finally {
      repo.dispose();
    }
  });

  it('export --out writes the CSV and a manifest whose hash and commit match', () => {
    const repo = repoWithLog();
    const out = mkdtempSync(join(tmpdir(), 'changetrail-export-'));
    try {
      const r = run(repo.path, 'export', '--since', '90d', '--tz', 'UTC', '--out', out);
      assert.equal(r.code, 0, r.err);
      const body = readFileSync(join(out, 'changetrail-export-2026-11-30.csv'));
      const manifest = JSON.parse(readFileSync(join(out, 'changetrail-export-2026-11-30.manifest.json'), 'utf8'));
      assert.equal(manifest.rows, 4);
      assert.equal(manifest.sha256, createHash('sha256').update(body).digest('hex'));
      assert.equal(manifest.sources[0].commit, repo.git('rev-parse', 'HEAD').trim());
      assert.equal(manifest.sources[0].uncommitted, false);
      assert.equal(body.toString('utf8').split('\r\n').length, 6, 'header, four rows and the final CRLF');
    } finally {
      repo.dispose();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
