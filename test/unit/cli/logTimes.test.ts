import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { change, deployment, incident } from '../../fixtures/metrics/metricsFixtures';
import { logEntrySchema } from '../../../src/core/records/changeRecord';

// A log line whose time only starts like one ("2026-11-10Tjunk", 30 February) passed the schema,
// which checked the first 11 characters. Date.parse made it NaN and each reader lost the entry in
// its own way: the audit export left a deployment out without counting it, metrics dropped an open
// outage from uptime (100 %), and the board stopped with "Invalid time value". Such a line is a bad
// line, named by number and field, like any other.
const cli = join(projectRoot(), 'dist', 'cli.js');

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: '2026-11-30T06:00:00Z' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('log times that are not times are bad lines in every reader', () => {
  it('the log schema refuses a time that is only a prefix, an impossible date or a zoneless time', () => {
    const good = deployment('2026-11-11T10:00:00.000Z', [], { commit: 'a'.repeat(40) });
    assert.equal(logEntrySchema.safeParse(good).success, true);
    for (const time of ['2026-11-10Tjunk', '2026-02-30T10:00:00Z', '2026-11-10T25:00:00Z', '2026-11-10T10:00:00', '2026-11-10T10:00:00Z trailing']) {
      assert.equal(logEntrySchema.safeParse({ ...good, createdAt: time }).success, false, time);
    }
    for (const time of ['2026-11-10T10:00Z', '2026-11-10T10:00:00+01:00', '2026-11-10T10:00:00.123456-0500']) {
      assert.equal(logEntrySchema.safeParse({ ...good, createdAt: time }).success, true, time);
    }
  });

  it('export counts them as skipped, metrics warns, and the board is built from the rest', () => {
    const repo = createTestRepo();
    try {
      const sha = repo.git('rev-parse', 'HEAD').trim();
      const c = change({ at: '2026-11-10T09:00:00.000Z', system: 'Billing' });
      const good = deployment('2026-11-11T10:00:00.000Z', [c], { commit: sha });
      const bad = { ...deployment('2026-11-12T10:00:00.000Z', [], { commit: sha }), createdAt: '2026-11-12Tnope' };
      const down = { ...incident({ detectedAt: '2026-11-10T10:00:00.000Z', systems: ['Billing'] }), detectedAt: '2026-11-10Tjunk' };
      repo.write('.changetrail/changes.jsonl', [c, good, bad, down].map((e) => JSON.stringify(e)).join('\n') + '\n');

      const exported = run(repo.path, ['export', '--since', '90d', '--tz', 'UTC', '--out', 'audit']);
      assert.equal(exported.code, 0, exported.err);
      const manifest = JSON.parse(readFileSync(join(repo.path, 'audit', 'changetrail-export-2026-11-30.manifest.json'), 'utf8'));
      assert.equal(manifest.rows, 2, 'the change and the good deployment');
      assert.deepEqual(manifest.skipped, [{ log: '.changetrail/changes.jsonl', count: 2, lines: [3, 4] }]);

      const metrics = run(repo.path, ['metrics', '--month', '2026-11', '--tz', 'UTC']);
      assert.equal(metrics.code, 0, metrics.err);
      assert.match(metrics.err, /line 3: createdAt: an ISO time with a zone/);
      assert.match(metrics.err, /line 4: detectedAt: an ISO time with a zone/);

      const board = run(repo.path, ['board', '--out', 'site']);
      assert.equal(board.code, 0, board.err);
      assert.ok(existsSync(join(repo.path, 'site', 'index.html')));
      assert.match(board.out, /2 entries/);
    } finally {
      repo.dispose();
    }
  });
});
