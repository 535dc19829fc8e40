import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditExport } from '../../../../src/core/export/auditExport';
import { exportEntries } from '../../../../src/core/export/exportEntries';
import { silentLogger } from '../../../../src/core/log';
import { readLog, serializeEntry } from '../../../../src/core/records/changeLog';
import type { LogEntry } from '../../../../src/core/records/changeRecord';
import { openChangeLogIndex } from '../../../../src/core/records/index/openChangeLogIndex';
import { change, deployment, incident } from '../../../fixtures/metrics/metricsFixtures';

const NOW = Date.parse('2026-11-30T06:00:00Z');
const SINCE = NOW - 90 * 86_400_000;
const UNTIL = NOW - 86_400_000;

/** A quarter with entries on both sides of its ends. */
function history(): LogEntry[] {
  const before = change({ at: '2026-08-20T10:00:00Z', sha: 'b0b0b0b0', system: 'Billing' });
  const shipped = deployment('2026-08-21T10:00:00Z', [before]); // before the window
  const rollback = deployment('2026-09-02T10:00:00Z', [], { kind: 'rollback', rollsBack: shipped.id, commit: 'fedcba9' }); // in it, naming it
  const c1 = change({ at: '2026-10-01T10:00:00Z', sha: 'c1c1c1c1', system: 'Billing' });
  const amended = { ...change({ at: '2026-10-02T10:00:00Z', sha: 'c1c1c1c1', system: 'Search' }), supersedes: c1.id };
  const d1 = deployment('2026-10-03T10:00:00Z', [amended]);
  const lateManual = change({ at: '2026-11-29T12:00:00Z', changedAt: '2026-11-20T09:00:00Z', origin: 'manual' }); // recorded after the window, made in it
  const earlyManual = change({ at: '2026-09-05T12:00:00Z', changedAt: '2026-08-25T09:00:00Z', origin: 'manual' }); // recorded in the window, made before it
  const i1 = incident({ detectedAt: '2026-11-10T08:00:00Z', resolvedAt: '2026-11-10T09:00:00Z', cause: { kind: 'deployment', deployment: d1.id } });
  const i1b = { ...incident({ detectedAt: '2026-11-10T08:00:00Z', resolvedAt: '2026-11-10T10:00:00Z' }), incidentId: i1.incidentId, createdAt: '2026-11-10T10:00:00Z', supersedes: i1.id };
  const digest = deployment('2026-11-01T10:00:00Z', [], { environment: 'changetrail-digest' });
  const after = change({ at: '2026-11-29T18:00:00Z', sha: 'd1d1d1d1' });
  return [before, shipped, rollback, c1, amended, d1, earlyManual, i1, i1b, digest, lateManual, after];
}

describe('audit export read through the index', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-export-index-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const write = (entries: readonly LogEntry[]) => {
    const path = join(dir, `log${n++}.jsonl`);
    writeFileSync(path, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
    return path;
  };
  const options = (format: 'csv' | 'jsonl') => ({ since: SINCE, until: UNTIL, now: NOW, timeZone: 'Europe/Madrid', format, sources: [{ log: 'a.jsonl' }] });

  /** What export printed when it read every log whole: entries in log order, each id once. */
  async function wholeLogs(paths: readonly string[]): Promise<LogEntry[]> {
    const seen = new Set<string>();
    const out: LogEntry[] = [];
    for (const path of paths) for (const e of (await readLog(path, silentLogger)).entries) if (!seen.has(e.id) && seen.add(e.id)) out.push(e);
    return out;
  }

  it('writes the same bytes as reading the whole log, with a rollback of a deployment before the window and manual changes recorded late', async () => {
    const path = write(history());
    const entries = await exportEntries([openChangeLogIndex(path, { logger: silentLogger, persist: false })], SINCE, UNTIL);
    for (const format of ['csv', 'jsonl'] as const) {
      const got = auditExport(entries, options(format));
      const want = auditExport(await wholeLogs([path]), options(format));
      assert.equal(got.body, want.body, format);
      assert.deepEqual(got.manifest, want.manifest);
    }
    const rows = auditExport(entries, options('jsonl')).body.trim().split('\n').map((l) => JSON.parse(l) as LogEntry);
    assert.equal(rows.length, 7, 'the rollback, c1 and its amendment, d1, the incident twice, the manual change made in the window');
    assert.ok(rows.some((e) => e.schema === 'changetrail/deployment' && e.kind === 'rollback'));
    assert.ok(rows.some((e) => e.schema === 'changetrail/change' && e.changedAt === '2026-11-20T09:00:00Z'), 'recorded after the window, made in it');
  });

  it('reads several logs and lists an entry found in two of them once', async () => {
    const entries = history();
    const a = write(entries.slice(0, 8));
    const b = write(entries.slice(4));
    const indexes = [a, b].map((p) => openChangeLogIndex(p, { logger: silentLogger, persist: false }));
    const got = auditExport(await exportEntries(indexes, SINCE, UNTIL), options('csv'));
    const want = auditExport(await wholeLogs([a, b]), options('csv'));
    assert.equal(got.body, want.body);
    assert.equal(got.manifest.rows, 7);
  });
});
