import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBoard } from '../../../../src/core/board/boardData';
import { type BoardSiteInput, type BoardSiteResult, buildBoardSite } from '../../../../src/core/board/buildBoardSite';
import { BOARD_ASSETS } from '../../../../src/core/board/writeBoard';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { silentLogger } from '../../../../src/core/log';
import { type ChangeRecord, type DeploymentRecord, type LogEntry, logEntrySchema } from '../../../../src/core/records/changeRecord';
import type { BoardIndex, BoardMonth } from '../../../../src/protocol/boardData';
import { readSite } from '../../../helpers/boardSite';
// @ts-expect-error: a plain ES module shared with the UI check and the bench
import { boardEntries } from '../../../fixtures/board/boardLog.mjs';

const NOW = Date.parse('2026-11-30T06:00:00Z');
const ZONE = 'Europe/Madrid';
const config = teamConfigSchema.parse({ environments: ['staging', 'production'], systems: [{ name: 'Billing', paths: ['billing/**'] }], freeze: { timeZone: ZONE }, tickets: { urlTemplate: 'https://acme.atlassian.net/browse/{ticket}' } });

/** The index as buildBoard (the panel's whole months, no meta scripts) lists its months. */
function withoutMeta(index: BoardIndex): BoardIndex {
  return { ...index, months: index.months.map(({ meta: _meta, ...month }) => month) };
}

function line(e: unknown): string {
  return `${JSON.stringify(e)}\n`;
}

describe('board site, month by month and incremental', () => {
  let dir: string;
  let log: string;
  let assets: string;
  const base = boardEntries({ end: NOW - 86_400_000, days: 90, perDay: 4 }) as LogEntry[];
  const build = (out: string, logs = [log], commitTimes?: BoardSiteInput['commitTimes'], more: Partial<BoardSiteInput> = {}): Promise<BoardSiteResult> => {
    const input: BoardSiteInput = { logs, config, sources: [], commitTimes, now: NOW, timeZone: ZONE, out, assets, logger: silentLogger, ...more };
    return buildBoardSite(input);
  };
  /** A fresh build of the log as it is now, into a new directory: what an incremental build must equal. */
  const fresh = async () => {
    const out = mkdtempSync(join(dir, 'fresh-'));
    const result = await build(out);
    assert.equal(result.fresh, true);
    return readSite(out);
  };
  const sameAsFresh = async (out: string) => {
    const expected = await fresh();
    const got = readSite(out);
    assert.deepEqual([...got.months.keys()], [...expected.months.keys()]);
    for (const [key, month] of expected.months) assert.deepEqual(got.months.get(key), month, `month ${key} is what a fresh build writes`);
    assert.deepEqual(got.index, expected.index);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-board-site-'));
    log = join(dir, 'changes.jsonl');
    writeFileSync(log, base.map(line).join(''));
    assets = join(dir, 'assets');
    for (const a of BOARD_ASSETS) {
      appendFileSync(join(dir, 'x'), '');
      writeFileSync(join(dir, a), `/* ${a} */`);
    }
    assets = dir;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same documents as buildBoard over the whole log, with amendments, a digest and a copied log', async () => {
    const entries = base.map((e) => logEntrySchema.parse(e));
    const october = entries.find((e): e is ChangeRecord => e.schema === 'changetrail/change' && e.createdAt.startsWith('2026-10-1')) as ChangeRecord;
    const amended = { ...october, id: '01JBAMEND0000000000000000A', createdAt: '2026-11-20T10:00:00.000Z', changedAt: october.createdAt, title: 'amended', supersedes: october.id };
    const digest = { schema: 'changetrail/deployment', version: 1, id: '01JBDGST000000000000000001', createdAt: '2026-11-21T10:00:00.000Z', environment: 'changetrail-digest', commit: 'ab'.repeat(20), by: { name: 'CI', email: '' }, records: [] };
    // A change that reverts a commit of an October change, deployed in November: that October deployment failed.
    const reverted = entries.find((e): e is ChangeRecord => e.schema === 'changetrail/change' && e.createdAt.startsWith('2026-10-2')) as ChangeRecord;
    const revert = { ...reverted, id: '01JBRVRT000000000000000001', createdAt: '2026-11-22T10:00:00.000Z', commits: [{ sha: 'ef'.repeat(20), subject: `Revert "${reverted.commits[0].subject}"` }] };
    const shipped = { ...digest, id: '01JBRVRTD00000000000000001', createdAt: '2026-11-22T11:00:00.000Z', environment: 'production', records: [revert.id] };
    // An incident whose cause is a change record, not a deployment.
    const incident = { ...(entries.find((e) => e.schema === 'changetrail/incident') as LogEntry), id: '01JBNCDNTCHANGE00000000001', incidentId: '01JBNCDNTCHANGE00000000001', cause: { kind: 'change', change: october.id } };
    const more = [amended, digest, revert, shipped, incident];
    appendFileSync(log, more.map(line).join('') + 'not json\n');
    const copy = join(dir, 'copy.jsonl');
    writeFileSync(copy, base.slice(0, 50).map(line).join(''));
    // Commit times for a third of the changes, so lead time has numbers.
    const commitTimes = new Map<string, number>();
    entries.forEach((e, i) => {
      if (e.schema === 'changetrail/change' && i % 3 === 0 && e.commits[0]) commitTimes.set(e.commits[0].sha, Date.parse(e.createdAt) - (i % 50) * 3_600_000);
    });
    const out = join(dir, 'site');
    await build(out, [log, copy], commitTimes);
    const all = [...entries, ...more.map((e) => logEntrySchema.parse(e))];
    const expected = buildBoard({ entries: all, config, sources: [], commitTimes, now: NOW, timeZone: ZONE });
    assert.ok(expected.index.metrics.filter((m) => m.leadTime.value !== null).length > 10, 'lead times compared with numbers');
    assert.ok(expected.months.some((m) => m.deployments.some((d) => d.failures.includes('reverted'))), 'a reverted deployment compared');
    assert.ok(expected.months.some((m) => m.deployments.some((d) => d.failures.includes('caused an incident') && !d.rollback)), 'an incident cause compared');
    const got = readSite(out);
    // As the page gets them: through JSON (no undefined fields).
    assert.deepEqual(withoutMeta(got.index), JSON.parse(JSON.stringify(expected.index)));
    assert.deepEqual([...got.months.values()].reverse(), JSON.parse(JSON.stringify(expected.months)));
    const octoberDoc = got.months.get('2026-10') as BoardMonth;
    assert.ok(octoberDoc.changes.some((c) => c.id === amended.id) && !octoberDoc.changes.some((c) => c.id === october.id), 'the amended record replaces the old one where it was made');
  });

  it('reads only what was appended and rewrites only the months it changed', async () => {
    const out = join(dir, 'site');
    const first = await build(out);
    assert.equal(first.fresh, true);
    assert.deepEqual(first.rebuilt, ['2026-11', '2026-10', '2026-09', '2026-08']);
    const again = await build(out);
    assert.deepEqual([again.fresh, again.parsed, again.rebuilt, again.reused], [false, 0, [], 4], 'nothing new: nothing read, nothing rewritten');
    // One more day of records, with ids of their own.
    const day = (boardEntries({ end: NOW, days: 1, perDay: 4, firstId: 900_000 }) as LogEntry[]).map(line).join('');
    appendFileSync(log, day);
    const next = await build(out);
    assert.equal(next.fresh, false);
    assert.equal(next.parsed, day.split('\n').length - 1);
    assert.deepEqual(next.rebuilt, ['2026-11']);
    await sameAsFresh(out);
  });

  it('a rebuild works out lead times from the commits of changes it did not read this time, as a fresh build does', async () => {
    // Commit times for every change, so the metrics read the commit rows the last build saved.
    const commitTimes = new Map<string, number>();
    for (const e of base) if (e.schema === 'changetrail/change') for (const c of e.commits) commitTimes.set(c.sha, Date.parse(e.createdAt) - 3 * 3_600_000);
    const out = join(dir, 'site');
    await build(out, [log], commitTimes);
    appendFileSync(log, (boardEntries({ end: NOW, days: 1, perDay: 4, firstId: 900_000 }) as LogEntry[]).map(line).join(''));
    // As the CLI hands them over: a promise, git still working while the log is read.
    const next = await build(out, [log], new Promise((done) => setTimeout(() => done(commitTimes), 20)));
    assert.equal(next.fresh, false);
    const again = join(dir, 'again');
    assert.equal((await build(again, [log], commitTimes)).fresh, true);
    const got = readSite(out).index.metrics;
    assert.ok(got.filter((m) => m.leadTime.value !== null).length > 10, 'lead times compared with numbers');
    assert.deepEqual(got, readSite(again).index.metrics);
  });

  // An October deployment to production that nothing says failed (yet).
  const octoberDeployment = () => {
    const named = new Set(base.flatMap((e) => (e.schema === 'changetrail/deployment' && e.rollsBack ? [e.rollsBack] : e.schema === 'changetrail/incident' && e.cause?.deployment ? [e.cause.deployment] : [])));
    return base.find((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.environment === 'production' && e.createdAt.startsWith('2026-10-1') && e.kind !== 'rollback' && !named.has(e.id)) as DeploymentRecord;
  };
  const laterChanges: [string, () => LogEntry][] = [
    ['a rollback of an October deployment', () => ({ schema: 'changetrail/deployment', version: 1, id: '01JBRBACK00000000000000001', createdAt: '2026-11-29T09:00:00.000Z', environment: 'production', commit: 'cd'.repeat(20), by: { name: 'Ana', email: '' }, records: [], kind: 'rollback', rollsBack: octoberDeployment().id }) as LogEntry],
    ['an incident naming an October deployment as its cause', () => ({ schema: 'changetrail/incident', version: 1, id: '01JBNCDNT00000000000000001', incidentId: '01JBNCDNT00000000000000001', createdAt: '2026-11-29T09:00:00.000Z', title: 'late finding', environment: 'production', systems: ['Billing'], detectedAt: '2026-11-29T08:00:00.000Z', impact: 'degraded', level: 2, status: 'resolved', responders: [], by: { name: 'Ana', email: '' }, suspects: [], resolvedAt: '2026-11-29T09:00:00.000Z', cause: { kind: 'deployment', deployment: octoberDeployment().id }, followUps: [] }) as LogEntry],
    ['a manual change made in October and recorded now', () => {
      const change = base.find((e) => e.schema === 'changetrail/change') as ChangeRecord;
      return { ...change, id: '01JBMANVA00000000000000001', createdAt: '2026-11-29T09:00:00.000Z', changedAt: '2026-10-20T10:00:00.000Z', origin: 'manual', title: 'made in October' } as LogEntry;
    }],
    ['an amendment of a change an October deployment carried', () => {
      const change = base.find((e) => e.id === octoberDeployment().records[0]) as ChangeRecord;
      return { ...change, id: '01JBAMEND0000000000000000B', createdAt: '2026-11-29T09:00:00.000Z', supersedes: change.id, title: 'amended later' } as LogEntry;
    }],
  ];
  for (const [what, entry] of laterChanges) {
    it(`rewrites the October document after ${what} (its content depends on later entries)`, async () => {
      const out = join(dir, 'site');
      await build(out);
      appendFileSync(log, line(entry()));
      const before = readSite(out).months.get('2026-10');
      const next = await build(out);
      assert.equal(next.fresh, false);
      assert.notDeepEqual(readSite(out).months.get('2026-10'), before, 'the entry changes what October shows');
      assert.ok(next.rebuilt.includes('2026-10'), `October rewritten (rewrote ${next.rebuilt.join(', ')})`);
      assert.ok(!next.rebuilt.includes('2026-09'), 'September kept');
      await sameAsFresh(out);
    });
  }

  it('starts afresh when a log was rewritten rather than appended to, or the cache is damaged', async () => {
    const out = join(dir, 'site');
    await build(out);
    writeFileSync(log, base.slice(10).map(line).join(''));
    const rewritten = await build(out);
    assert.equal(rewritten.fresh, true);
    await sameAsFresh(out);
    appendFileSync(join(out, '.changetrail-board', 'facts', 'cAt.bin'), 'x');
    assert.equal((await build(out)).fresh, true, 'facts that are not what the manifest says are not trusted');
  });

  it('holds only a few month lines at a time: written in pieces, from a log out of time order, the documents are the same', async () => {
    // Every seventh line moved to the end: months interleave, so each month's file is written in many pieces.
    const shuffled = [...base.filter((_, i) => i % 7 !== 0), ...base.filter((_, i) => i % 7 === 0)];
    writeFileSync(log, shuffled.map(line).join(''));
    const out = join(dir, 'site');
    await build(out, [log], undefined, { spill: 7 });
    const expected = buildBoard({ entries: shuffled.map((e) => logEntrySchema.parse(e)), config, sources: [], now: NOW, timeZone: ZONE });
    const got = readSite(out);
    assert.deepEqual(withoutMeta(got.index), JSON.parse(JSON.stringify(expected.index)));
    assert.deepEqual([...got.months.values()].reverse(), JSON.parse(JSON.stringify(expected.months)));
    const pieces = readFileSync(join(out, 'data', 'month-2026-10.js'), 'utf8').split('\n').length;
    assert.ok(pieces > 10, `October's changes were appended in pieces (${pieces})`);
  });

  it('reuses its cache for a log with no deployments or incidents (empty columns are kept too)', async () => {
    writeFileSync(log, base.filter((e) => e.schema === 'changetrail/change').map(line).join(''));
    const out = join(dir, 'site');
    assert.equal((await build(out)).fresh, true);
    const again = await build(out);
    assert.deepEqual([again.fresh, again.rebuilt], [false, []]);
  });

  it('keeps its cache where --cache says, out of the published site, and reuses it', async () => {
    const out = join(dir, 'site');
    const cacheDir = join(dir, 'cache');
    await build(out, [log], undefined, { cacheDir });
    assert.ok(!readdirSync(out).includes('.changetrail-board'));
    appendFileSync(log, (boardEntries({ end: NOW, days: 1, perDay: 2, firstId: 900_000 }) as LogEntry[]).map(line).join(''));
    const next = await build(out, [log], undefined, { cacheDir });
    assert.deepEqual([next.fresh, next.rebuilt], [false, ['2026-11']]);
    await sameAsFresh(out);
  });

  it('keeps compact facts, never the records: no title, description or answers in what the build holds for the metrics', async () => {
    const secret = 'a description only the month document may carry';
    writeFileSync(log, base.map((e) => (e.schema === 'changetrail/change' ? { ...e, description: secret, title: secret } : e)).map(line).join(''));
    const out = join(dir, 'site');
    await build(out);
    const facts = readdirSync(join(out, '.changetrail-board', 'facts')).map((f) => readFileSync(join(out, '.changetrail-board', 'facts', f)).toString('latin1')).join('');
    assert.ok(facts.length > 0);
    assert.ok(!facts.includes(secret));
    assert.ok(readFileSync(join(out, 'data', 'month-2026-11.js'), 'utf8').includes(secret), 'the month document has it');
  });
});
