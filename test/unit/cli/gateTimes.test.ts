import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { change, deployment, incident } from '../../fixtures/metrics/metricsFixtures';
import { latestIncidents } from '../../../src/core/metrics/deploymentOutcomes';

// Log times are ISO times with any zone (a hand-written line may say "+01:00" or leave out the
// milliseconds); compared as text they order wrongly ("09:45:00-01:00" is 10:45 UTC, yet sorts
// before "10:00:00.000Z"). The gate then left out a manual change made after the last deployment,
// and the metrics took an older state of an incident for its latest.
const cli = join(projectRoot(), 'dist', 'cli.js');

describe('log times are compared as instants, not as text', () => {
  it('the gate weighs a manual change made after the last deployment, whatever zone its time is written in', () => {
    const repo = createTestRepo();
    try {
      repo.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['production'], freeze: { timeZone: 'UTC' } }) });
      const c1 = repo.commit('Docs', { 'docs/a.md': 'x' });
      const deployed = deployment('2026-11-21T10:00:00.000Z', [], { commit: c1 });
      // 09:45 at -01:00 is 10:45 UTC: after the deployment.
      const manual = change({ at: '2026-11-21T10:50:00.000Z', origin: 'manual', changedAt: '2026-11-21T09:45:00-01:00', title: 'Flag flipped untested', riskFlags: [{ id: 'notTestedInStaging', severity: 'danger', message: 'not tested in staging' }] });
      appendFileSync(join(repo.path, '.changetrail/changes.jsonl'), [deployed, manual].map((e) => `${JSON.stringify(e)}\n`).join(''));
      repo.commit('More docs', { 'docs/b.md': 'y' });
      const r = spawnSync(process.execPath, [cli, 'gate', '--env', 'production', '--format', 'json'], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: '2026-12-01T10:00:00Z' } });
      const json = JSON.parse(r.stdout);
      const risk = json.rules.find((x: { rule: string }) => x.rule === 'riskFlags');
      assert.equal(risk.verdict, 'block', JSON.stringify(json.rules));
      assert.equal(r.status, 1);
    } finally {
      repo.dispose();
    }
  });

  it('latestIncidents takes the update written last in time, not the one that sorts last as text', () => {
    const opened = incident({ detectedAt: '2026-11-10T08:00:00.000Z' });
    const resolved = { ...opened, id: '01JB0000000000000000000R99', supersedes: opened.id, createdAt: '2026-11-10T09:30:00.000Z', status: 'resolved' as const, resolvedAt: '2026-11-10T09:30:00.000Z' };
    // An update written by hand at 09:00 UTC as 10:00+01:00: earlier than the resolution.
    const update = { ...opened, id: '01JB0000000000000000000U99', supersedes: opened.id, createdAt: '2026-11-10T10:00:00+01:00', status: 'mitigated' as const };
    const [latest] = latestIncidents([{ ...opened, createdAt: '2026-11-10T08:00:00.000Z' }, update, resolved]);
    assert.equal(latest.status, 'resolved');
  });
});
