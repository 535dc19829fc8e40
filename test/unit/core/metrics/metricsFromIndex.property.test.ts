import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { silentLogger } from '../../../../src/core/log';
import { latestIncidents } from '../../../../src/core/metrics/deploymentOutcomes';
import { keyMetrics } from '../../../../src/core/metrics/keyMetrics';
import { metricsInputFromIndexes } from '../../../../src/core/metrics/metricsFromIndex';
import { monthPeriod } from '../../../../src/core/metrics/periods';
import { serializeEntry } from '../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { openChangeLogIndex } from '../../../../src/core/records/index/openChangeLogIndex';
import { change, deployment, incident } from '../../../fixtures/metrics/metricsFixtures';

const H = 3_600_000;
const START = Date.parse('2026-10-01T00:00:00Z');
const NOVEMBER = monthPeriod('2026-11', 'UTC');
const SHAS = ['1111111aaaa', '2222222bbbb', '3333333cccc', '4444444dddd'];
const SUBJECTS = ['Tax table', 'Revert "Tax table"', 'Search speed', 'Revert "Search speed"'];
const ENVS = ['production', 'staging'];

// One step of a log's history, in time order (hours after October 1st; everything before the lookahead ends).
const step = fc.record({
  hour: fc.integer({ min: 0, max: 91 * 24 }),
  what: fc.constantFrom('change', 'change', 'amend', 'deploy', 'deploy', 'rollback', 'incident', 'update'),
  pick: fc.nat(),
  sha: fc.constantFrom(...SHAS),
  subject: fc.constantFrom(...SUBJECTS),
  env: fc.constantFrom(...ENVS),
  system: fc.constantFrom('Billing', 'Search'),
  manual: fc.boolean(),
  made: fc.integer({ min: -40 * 24, max: 0 }),
  records: fc.subarray([0, 1, 2, 3, 4, 5]),
});

/** A log built from the steps: amendments name an unamended record and keep its commits; rollbacks name an earlier deployment. */
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function logOf(steps: readonly Step[]): LogEntry[] {
  const out: LogEntry[] = [];
  const changes: ChangeRecord[] = [];
  const deployments: DeploymentRecord[] = [];
  const incidents: IncidentRecord[] = [];
  const amended = new Set<string>();
  for (const s of [...steps].sort((a, b) => a.hour - b.hour)) {
    const at = new Date(START + s.hour * H).toISOString();
    const open = changes.filter((c) => !amended.has(c.id));
    if (s.what === 'change' || (s.what === 'amend' && open.length === 0)) {
      const c = change({ at, commits: [{ sha: s.sha, subject: s.subject }], system: s.system, ...(s.manual ? { origin: 'manual' as const, changedAt: new Date(START + (s.hour + s.made) * H).toISOString() } : {}) });
      changes.push(c);
      out.push(c);
    } else if (s.what === 'amend') {
      const old = open[s.pick % open.length];
      const c = { ...change({ at, system: s.system }), commits: old.commits, supersedes: old.id, ...(old.origin ? { origin: old.origin, changedAt: old.changedAt } : {}) };
      amended.add(old.id);
      changes.push(c);
      out.push(c);
    } else if (s.what === 'deploy' || (s.what === 'rollback' && deployments.length === 0)) {
      const carried = s.records.map((i) => changes[(s.pick + i) % Math.max(1, changes.length)]).filter((c): c is ChangeRecord => c !== undefined);
      const d = deployment(at, [...new Set(carried)], { environment: s.env });
      deployments.push(d);
      out.push(d);
    } else if (s.what === 'rollback') {
      const target = deployments[s.pick % deployments.length];
      const d = deployment(at, [], { environment: target.environment, kind: 'rollback', rollsBack: target.id });
      deployments.push(d);
      out.push(d);
    } else if (s.what === 'incident' || incidents.length === 0) {
      const names = s.pick % 3 === 0 || deployments.length === 0 ? (changes.length > 0 ? { kind: 'change' as const, change: changes[s.pick % changes.length].id } : undefined) : { kind: 'deployment' as const, deployment: deployments[s.pick % deployments.length].id };
      const i = incident({ detectedAt: at, environment: s.env, systems: [s.system], impact: s.manual ? 'outage' : 'degraded', ...(names ? { cause: names } : {}) });
      incidents.push(i);
      out.push(i);
    } else {
      const last = incidents[s.pick % incidents.length];
      const i = { ...last, id: incident({ detectedAt: at }).id, createdAt: at, status: 'resolved' as const, resolvedAt: at, supersedes: last.id };
      incidents.push(i);
      out.push(i);
    }
  }
  return out;
}

describe('metrics read through the index (property)', () => {
  let dir: string;
  let n = 0;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-metrics-prop-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Rollbacks recorded after the lookahead (January 2nd to 14th) are found by the deployment they name.
  const lateRollback = step.map((s) => ({ ...s, what: 'rollback' as const, hour: 92 * 24 + (s.hour % (13 * 24)) }));

  it('equal keyMetrics over every entry, for each environment and system, when nothing but rollbacks lies beyond the lookahead', async () => {
    const commitTimes = new Map(SHAS.map((sha, i) => [sha, START - (i + 1) * 24 * H]));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), fc.array(lateRollback, { maxLength: 4 }), async (early, late) => {
        const entries = logOf([...early, ...late]);
        const path = join(dir, `log${n++}.jsonl`);
        writeFileSync(path, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
        const read = await metricsInputFromIndexes([openChangeLogIndex(path, { logger: silentLogger, persist: false })], NOVEMBER, ENVS, { leadTimes: true });
        const now = Date.parse('2027-01-15T00:00:00Z');
        const viaIndex = { ...read, incidents: latestIncidents(read.incidents), commitTimes, now };
        const whole = {
          deployments: entries.filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment'),
          changes: entries.filter((e): e is ChangeRecord => e.schema === 'changetrail/change'),
          incidents: latestIncidents(entries.filter((e): e is IncidentRecord => e.schema === 'changetrail/incident')),
          commitTimes,
          now,
        };
        for (const environment of ENVS) {
          for (const system of [undefined, 'Billing']) {
            assert.deepEqual(keyMetrics(viaIndex, NOVEMBER, { environment, system }), keyMetrics(whole, NOVEMBER, { environment, system }));
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
