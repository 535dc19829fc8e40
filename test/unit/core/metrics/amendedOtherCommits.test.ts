import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../../src/core/log';
import { latestIncidents } from '../../../../src/core/metrics/deploymentOutcomes';
import { keyMetrics } from '../../../../src/core/metrics/keyMetrics';
import { metricsInputFromIndexes } from '../../../../src/core/metrics/metricsFromIndex';
import { monthPeriod } from '../../../../src/core/metrics/periods';
import { serializeEntry } from '../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { openChangeLogIndex } from '../../../../src/core/records/index/openChangeLogIndex';
import { change, deployment } from '../../../fixtures/metrics/metricsFixtures';

// `metrics` reads through the index and found the current version of a carried record only by the
// commits both name. An amendment that names other commits (a wrong commit corrected), or the
// amendment of a record with no commits, was missed: the deployment kept the old version's systems
// and lead time, so `metrics` disagreed with the board (which reads every line) on deployments per
// system and on lead time.

const NOW = Date.parse('2026-12-15T00:00:00Z');
const NOVEMBER = monthPeriod('2026-11', 'UTC');

describe('metrics through the index: amendments that name other commits', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-metrics-amended-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a deployment counts its records as amended, whatever commits the amendment names', async () => {
    const wrong = change({ at: '2026-10-10T09:00:00Z', sha: 'b1b1b1b1', system: 'Billing' });
    const corrected = { ...change({ at: '2026-10-11T09:00:00Z', sha: 'b2b2b2b2', system: 'Search' }), supersedes: wrong.id };
    const bare = change({ at: '2026-10-12T09:00:00Z', system: 'Billing' });
    const bareAmended = { ...change({ at: '2026-10-13T09:00:00Z', system: 'Search' }), supersedes: bare.id };
    const d1 = deployment('2026-11-05T10:00:00Z', [wrong]);
    const d2 = deployment('2026-11-06T10:00:00Z', [bare]);
    const entries: LogEntry[] = [wrong, corrected, bare, bareAmended, d1, d2];
    const commitTimes = new Map([['b1b1b1b1', Date.parse('2026-10-01T00:00:00Z')], ['b2b2b2b2', Date.parse('2026-10-20T00:00:00Z')]]);
    const log = join(dir, 'changes.jsonl');
    writeFileSync(log, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
    const read = await metricsInputFromIndexes([openChangeLogIndex(log, { logger: silentLogger, persist: false })], NOVEMBER, ['production'], { leadTimes: true });
    const input = { ...read, incidents: latestIncidents(read.incidents), commitTimes, now: NOW };
    const whole = {
      deployments: entries.filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment'),
      changes: entries.filter((e): e is ChangeRecord => e.schema === 'changetrail/change'),
      incidents: [],
      commitTimes,
      now: NOW,
    };
    for (const system of [undefined, 'Billing', 'Search']) {
      assert.deepEqual(keyMetrics(input, NOVEMBER, { environment: 'production', system }), keyMetrics(whole, NOVEMBER, { environment: 'production', system }), system ?? 'all systems');
    }
    const search = keyMetrics(input, NOVEMBER, { environment: 'production', system: 'Search' });
    assert.equal(search.deployments, 2, 'both deployments carried records whose current versions are Search');
    assert.equal(keyMetrics(input, NOVEMBER, { environment: 'production', system: 'Billing' }).deployments, 0);
    assert.equal(search.leadTime.value, Date.parse('2026-11-05T10:00:00Z') - Date.parse('2026-10-20T00:00:00Z'), "from the corrected commit, not the wrong one");
  });
});
