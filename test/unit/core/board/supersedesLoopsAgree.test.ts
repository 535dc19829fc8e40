import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBoard } from '../../../../src/core/board/boardData';
import { buildBoardSite } from '../../../../src/core/board/buildBoardSite';
import { BOARD_ASSETS } from '../../../../src/core/board/writeBoard';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { auditExport } from '../../../../src/core/export/auditExport';
import { exportEntries } from '../../../../src/core/export/exportEntries';
import { silentLogger } from '../../../../src/core/log';
import { latestIncidents } from '../../../../src/core/metrics/deploymentOutcomes';
import { keyMetrics } from '../../../../src/core/metrics/keyMetrics';
import { metricsInputFromIndexes } from '../../../../src/core/metrics/metricsFromIndex';
import { monthPeriod } from '../../../../src/core/metrics/periods';
import { type LogEntry, logEntrySchema } from '../../../../src/core/records/changeRecord';
import { openChangeLogIndex } from '../../../../src/core/records/index/openChangeLogIndex';
import { readSite } from '../../../helpers/boardSite';

// Hand-edited loops of `supersedes` (A amends B, B amends A; three records in a ring). The index
// keeps the latest record of a loop current (supersedesEffectively). The CLI board's facts table
// dropped every record of a loop (each is named by another), and the metrics' resolver left a
// deployment's record on the version it named: the board, `metrics`, the index and the export
// must agree on which records are current and what a deployment carried.

const NOW = Date.parse('2026-11-30T06:00:00Z');
const NOVEMBER = monthPeriod('2026-11', 'UTC');
const config = teamConfigSchema.parse({ environments: ['production'], systems: [{ name: 'Billing', paths: ['b/**'] }], freeze: { timeZone: 'UTC' } });

function change(id: string, title: string, at: string, system: string, supersedes?: string): LogEntry {
  return logEntrySchema.parse({
    schema: 'changetrail/change', version: 1, id, createdAt: at, tickets: ['OPS-1'], title, description: 'd', reason: 'r',
    systems: [{ name: system, criticality: 'medium' }], author: { name: 'Ben Okafor', email: 'ben@example.com' },
    commits: [], answers: {}, rollbackPlan: 'redeploy', riskFlags: [], environment: 'production', ...(supersedes ? { supersedes } : {}),
  });
}

function deployment(id: string, at: string, records: string[]): LogEntry {
  return logEntrySchema.parse({ schema: 'changetrail/deployment', version: 1, id, createdAt: at, environment: 'production', commit: 'ab'.repeat(20), by: { name: 'CI', email: '' }, records });
}

const id = (tail: string) => `01JB${tail.padStart(22, '0')}`;
// Two records naming each other: L2 is the later, so it stays. A ring of three: M1 names M3, M3
// names M2, M2 names M1; M2 is the latest, so M3's link (naming M2) amends nothing. A plain amendment.
const L1 = change(id('A1'), 'loop one', '2026-11-10T11:00:00.000Z', 'Search', id('A2'));
const L2 = change(id('A2'), 'loop two', '2026-11-10T12:00:00.000Z', 'Billing', id('A1'));
const M1 = change(id('B1'), 'ring one', '2026-11-11T09:00:00.000Z', 'Search', id('B3'));
const M2 = change(id('B2'), 'ring two', '2026-11-11T10:00:00.000Z', 'Billing', id('B1'));
const M3 = change(id('B3'), 'ring three', '2026-11-11T08:00:00.000Z', 'Search', id('B2'));
const Y1 = change(id('C1'), 'draft', '2026-11-12T09:00:00.000Z', 'Search');
const Y2 = change(id('C2'), 'amended', '2026-11-12T10:00:00.000Z', 'Billing', id('C1'));
const X = change(id('E1'), 'plain', '2026-11-12T11:00:00.000Z', 'Search');
// Each deployment carries a version that is not current; the current versions are all Billing's.
const D1 = deployment(id('D1'), '2026-11-13T10:00:00.000Z', [id('A1')]);
const D2 = deployment(id('D2'), '2026-11-14T10:00:00.000Z', [id('B3')]);
const D3 = deployment(id('D3'), '2026-11-15T10:00:00.000Z', [id('C1')]);
const CURRENT = ['amended', 'loop two', 'plain', 'ring two'];

describe('supersedes loops: the board, the metrics, the index and the export agree', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-loops-'));
    for (const a of BOARD_ASSETS) writeFileSync(join(dir, a), `/* ${a} */`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, entries: readonly LogEntry[]) => {
    const path = join(dir, name);
    writeFileSync(path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    return path;
  };
  const site = async (log: string, out: string) => {
    await buildBoardSite({ logs: [log], config, sources: [], now: NOW, timeZone: 'UTC', out, assets: dir, logger: silentLogger });
    return readSite(out);
  };
  const titlesOf = (months: Iterable<{ changes: readonly { title: string }[] }>) => [...months].flatMap((m) => m.changes.map((c) => c.title)).sort();
  const carriedOf = (months: Iterable<{ deployments: readonly { changes: readonly string[] }[] }>) => [...months].flatMap((m) => m.deployments.flatMap((d) => d.changes)).sort();
  const boardMetric = (index: Awaited<ReturnType<typeof site>>['index'], system?: string) =>
    index.metrics.find((m) => m.kind === 'month' && m.period === '2026-11' && m.environment === 'production' && m.system === system);

  it('keeps the latest record of each loop current everywhere, and resolves deployments to it', async () => {
    const entries = [L1, L2, M1, M2, M3, Y1, Y2, X, D1, D2, D3];
    const log = write('changes.jsonl', entries);
    const index = openChangeLogIndex(log, { logger: silentLogger, persist: false });
    const fromIndex = (await index.query({ schema: 'changetrail/change' })).map((e) => (e as { title: string }).title).sort();
    assert.deepEqual(fromIndex, CURRENT, 'the index');
    const amendedVersions = (await index.getMany([id('A1'), id('B3'), id('C1')], { current: true })).map((e) => e?.id).sort();
    assert.deepEqual(amendedVersions, [id('A2'), id('B2'), id('C2')]);

    const built = await site(log, join(dir, 'site'));
    assert.deepEqual(titlesOf(built.months.values()), CURRENT, 'the CLI board (facts table)');
    assert.deepEqual(carriedOf(built.months.values()), amendedVersions, 'the CLI board names each carried record by its current version');
    const memory = buildBoard({ entries, config, sources: [], now: NOW, timeZone: 'UTC' });
    assert.deepEqual(titlesOf(memory.months), CURRENT, 'the panel board (buildBoard)');
    assert.deepEqual(carriedOf(memory.months), amendedVersions);

    // metrics, as the CLI asks the index; the board's numbers for the month must be the same.
    const read = await metricsInputFromIndexes([index], NOVEMBER, ['production']);
    const input = { ...read, incidents: latestIncidents(read.incidents), now: NOW };
    for (const system of [undefined, 'Billing', 'Search']) {
      const m = keyMetrics(input, NOVEMBER, { environment: 'production', system });
      const b = boardMetric(built.index, system);
      assert.ok(b, `the board has November ${system ?? 'all systems'}`);
      assert.equal(b.changes, m.changes, `changes, ${system ?? 'all systems'}`);
      assert.equal(b.deployments, m.deployments, `deployments, ${system ?? 'all systems'}`);
      assert.deepEqual(JSON.parse(JSON.stringify(boardMetric(memory.index, system))), b, "the panel board's numbers");
    }
    assert.equal(keyMetrics(input, NOVEMBER, { environment: 'production' }).changes, 4);
    assert.equal(keyMetrics(input, NOVEMBER, { environment: 'production', system: 'Billing' }).deployments, 3, 'every deployment carried a record whose current version is Billing');

    // The audit export lists every version, current or not, with what it names.
    const exported = auditExport(await exportEntries([index], NOVEMBER.start, NOVEMBER.end), { since: NOVEMBER.start, until: NOVEMBER.end, now: NOW, timeZone: 'UTC', format: 'jsonl', sources: [] });
    const rows = exported.body.trim().split('\n').map((l) => JSON.parse(l) as { id: string; supersedes?: string });
    assert.equal(exported.manifest.rows, entries.length);
    assert.deepEqual(rows.filter((r) => r.supersedes).map((r) => [r.id, r.supersedes]).sort(), [L1, L2, M1, M2, M3, Y2].map((c) => [c.id, (c as { supersedes: string }).supersedes]).sort());
  });

  it('a loop closed by a record appended later: the rebuilt board equals a fresh build', async () => {
    const log = write('changes.jsonl', [L1, X, D1]);
    const out = join(dir, 'site');
    const before = await site(log, out);
    assert.deepEqual(titlesOf(before.months.values()), ['loop one', 'plain'], 'L1 names a record not written yet: it is current');
    appendFileSync(log, `${JSON.stringify(L2)}\n`);
    const rebuilt = await site(log, out);
    const fresh = await site(log, join(dir, 'fresh'));
    assert.deepEqual(titlesOf(rebuilt.months.values()), ['loop two', 'plain']);
    assert.deepEqual([...rebuilt.months], [...fresh.months]);
    assert.deepEqual(rebuilt.index, fresh.index);
  });
});
