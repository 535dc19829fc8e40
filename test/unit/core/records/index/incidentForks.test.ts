import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestIncidents } from '../../../../../src/core/metrics/deploymentOutcomes';
import { serializeEntry } from '../../../../../src/core/records/changeLog';
import type { IncidentRecord, LogEntry } from '../../../../../src/core/records/changeRecord';
import { openChangeLogIndex } from '../../../../../src/core/records/index/openChangeLogIndex';
import { changeRecord, incidentRecord, testId } from '../../../../helpers/memoryLogIndex';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as never;

// An incident opened at 06:00, then two states written from it at once: a resolution and an update.
function forked(updateAt: string, resolveAt: string): { open: IncidentRecord; resolved: IncidentRecord; updated: IncidentRecord } {
  const open = incidentRecord({ createdAt: '2026-11-30T06:00:00.000Z', notes: 'pager' });
  const resolved: IncidentRecord = { ...open, id: testId(resolveAt), supersedes: open.id, createdAt: resolveAt, status: 'resolved', resolvedAt: resolveAt, cause: { kind: 'unknown' }, fix: 'rollback' };
  const updated: IncidentRecord = { ...open, id: testId(updateAt), supersedes: open.id, createdAt: updateAt, notes: 'pager\nx', responders: ['Bo'] };
  return { open, resolved, updated };
}

describe('incident forks and supersedes cycles (the one place an incident state is worked out)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ct-forks-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Through a real log file and the index, as every command reads it.
  const incidentsOf = async (entries: LogEntry[]) => {
    const log = join(dir, `changes-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(log, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
    return openChangeLogIndex(log, { logger: quiet, persist: false }).incidents();
  };

  it('a concurrent update written after a resolution does not reopen it, and its note is kept', async () => {
    const { open, resolved, updated } = forked('2026-11-30T06:30:00.000Z', '2026-11-30T06:20:00.000Z');
    for (const order of [[open, resolved, updated], [open, updated, resolved]]) {
      const [state] = await incidentsOf(order);
      assert.equal(state.status, 'resolved');
      assert.equal(state.resolvedAt, resolved.resolvedAt);
      assert.equal(state.notes, 'pager\nx');
      assert.deepEqual(state.responders, ['Bo']);
      // Metrics and the board join forks the same way.
      const [metric] = latestIncidents(order as IncidentRecord[]);
      assert.equal(metric.status, 'resolved');
      assert.equal(metric.notes, 'pager\nx');
    }
  });

  it('a resolution written after a concurrent update keeps the update\'s note', async () => {
    const { open, resolved, updated } = forked('2026-11-30T06:20:00.000Z', '2026-11-30T06:30:00.000Z');
    const [state] = await incidentsOf([open, updated, resolved]);
    assert.equal(state.status, 'resolved');
    assert.equal(state.notes, 'pager\nx');
  });

  it('a reopening written after the resolution reopens it', async () => {
    const { open, resolved } = forked('2026-11-30T06:20:00.000Z', '2026-11-30T06:30:00.000Z');
    const reopened: IncidentRecord = { ...resolved, id: testId('2026-11-30T06:40:00.000Z'), supersedes: resolved.id, createdAt: '2026-11-30T06:40:00.000Z', status: 'open' };
    const other: IncidentRecord = { ...resolved, id: testId('2026-11-30T06:35:00.000Z'), supersedes: open.id, createdAt: '2026-11-30T06:35:00.000Z', status: 'resolved', lessons: 'more' };
    const [state] = await incidentsOf([open, resolved, other, reopened]);
    assert.equal(state.status, 'open');
  });

  it('an update from a machine whose clock was behind still supersedes (only cycles are broken)', async () => {
    const open = incidentRecord({ createdAt: '2026-11-30T06:00:00.000Z' });
    const behind: IncidentRecord = { ...open, id: testId('2026-11-30T05:59:00.000Z'), supersedes: open.id, createdAt: '2026-11-30T05:59:00.000Z', status: 'mitigated' };
    const states = await incidentsOf([open, behind]);
    assert.equal(states.length, 1);
    assert.equal(states[0].status, 'mitigated');
  });

  it('records that supersede themselves or each other (hand edits) still answer', async () => {
    const a = incidentRecord({ createdAt: '2026-11-30T06:00:00.000Z' });
    const self: IncidentRecord = { ...a, supersedes: a.id };
    assert.equal((await incidentsOf([self])).length, 1);
    const b: IncidentRecord = { ...a, id: testId('2026-11-30T06:10:00.000Z'), supersedes: a.id, createdAt: '2026-11-30T06:10:00.000Z', title: 'B' };
    const [state] = await incidentsOf([{ ...a, supersedes: b.id }, b]);
    assert.equal(state.title, 'B');
    // Change records too: an amendment cycle leaves the later one current.
    const c1 = changeRecord({ createdAt: '2026-11-30T05:00:00.000Z', title: 'first' });
    const c2 = changeRecord({ createdAt: '2026-11-30T05:10:00.000Z', title: 'second', supersedes: c1.id });
    const log = join(dir, 'cycle.jsonl');
    writeFileSync(log, [{ ...c1, supersedes: c2.id }, c2, { ...c1, id: testId('2026-11-30T05:20:00.000Z'), supersedes: undefined }].map((e) => `${serializeEntry(e as LogEntry)}\n`).join(''));
    const titles = (await openChangeLogIndex(log, { logger: quiet, persist: false }).query({ schema: 'changetrail/change' })).map((e) => (e as { title: string }).title);
    assert.ok(titles.includes('second'), `answered ${titles.join(', ')}`);
    const selfLog = join(dir, 'self.jsonl');
    writeFileSync(selfLog, `${serializeEntry({ ...c1, supersedes: c1.id })}\n`);
    assert.equal((await openChangeLogIndex(selfLog, { logger: quiet, persist: false }).query({ schema: 'changetrail/change' })).length, 1);
  });
});
