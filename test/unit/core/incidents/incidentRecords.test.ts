import * as assert from 'node:assert/strict';
import { fixedClock } from '../../../../src/core/clock';
import { findIncident, openIncidentRecord, resolveIncidentRecord, updateIncidentRecord } from '../../../../src/core/incidents/incidentRecords';
import { incidentNote, incidentNoteSchema } from '../../../../src/core/incidents/incidentNote';
import { serializeEntry } from '../../../../src/core/records/changeLog';
import { channelContentSchema } from '../../../../src/core/notes/noteSchema';
import { renderMarkdown } from '../../../../src/core/notes/renderMarkdown';
import { renderSlack } from '../../../../src/core/notes/renderSlack';
import { renderWebhook } from '../../../../src/core/notes/renderWebhook';
import { fallbackContent } from '../../../../src/core/notes/noteStore';
import { memoryLogIndex } from '../../../helpers/memoryLogIndex';

const BY = { name: 'Ana Ruiz', email: 'ana@example.com' };
const open = (clockAt: string) =>
  openIncidentRecord(
    {
      title: 'Card payments failing',
      environment: 'production',
      systems: ['Billing'],
      detectedAt: '2026-11-30T05:58:00.000Z',
      impact: 'outage',
      level: 1,
      levelReason: 'Level 1 (Critical): outage; raised for Billing (billing).',
      responders: ['Ana'],
      by: BY,
      suspects: [{ deployment: '01JDEP0000000000000000000B', source: 'record', recordId: '01JCHG0000000000000000000A', title: 'Retry declined cards', at: '2026-11-30T05:30:00.000Z', score: 80, reasons: ['touched Billing'] }],
      alert: { source: 'pagerduty', id: 'PGR0VU2' },
    },
    fixedClock(clockAt),
  );

describe('incident records', () => {
  it('opens, updates and resolves as a chain of records that supersede each other', async () => {
    const first = open('2026-11-30T06:00:00Z');
    assert.equal(first.incidentId, first.id);
    assert.deepEqual(first.suspects[0], { deployment: '01JDEP0000000000000000000B', change: '01JCHG0000000000000000000A', score: 80, reasons: ['Retry declined cards', 'touched Billing'] });
    const mitigated = updateIncidentRecord(first, { status: 'mitigated', title: undefined }, BY, fixedClock('2026-11-30T06:20:00Z'));
    assert.deepEqual([mitigated.supersedes, mitigated.incidentId, mitigated.status, mitigated.title], [first.id, first.id, 'mitigated', 'Card payments failing']);
    const resolved = resolveIncidentRecord(mitigated, { cause: { kind: 'deployment', deployment: '01JDEP0000000000000000000B' }, fix: 'rollback', lessons: 'Retries need a flag', followUps: ['PROJ-9'] }, BY, fixedClock('2026-11-30T06:40:00Z'));
    assert.deepEqual([resolved.status, resolved.resolvedAt, resolved.supersedes], ['resolved', '2026-11-30T06:40:00.000Z', mitigated.id]);
    for (const r of [first, mitigated, resolved]) serializeEntry(r);
    assert.throws(() => resolveIncidentRecord(resolved, { cause: { kind: 'unknown' }, fix: 'none' }, BY, fixedClock('2026-11-30T07:00:00Z')), /already resolved/);
    assert.throws(() => resolveIncidentRecord(first, { cause: { kind: 'unknown' }, fix: 'none', resolvedAt: '2026-11-30T05:00:00.000Z' }, BY, fixedClock('2026-11-30T07:00:00Z')), /before the incident was detected/);

    const index = memoryLogIndex([first, mitigated, resolved]);
    assert.equal((await findIncident(index, first.id.slice(0, 12).toLowerCase())).id, resolved.id);
    assert.equal((await findIncident(index, mitigated.id)).id, resolved.id);
    await assert.rejects(findIncident(index, 'latest'), /No incident is open/);
    await assert.rejects(findIncident(index, 'ZZZZZZ'), /No incident "ZZZZZZ"/);
  });

  it('says which incidents an ambiguous start names', async () => {
    const a = open('2026-11-30T06:00:00Z');
    const b = open('2026-11-30T06:00:00Z');
    await assert.rejects(findIncident(memoryLogIndex([a, b]), a.id.slice(0, 10)), /names 2 incidents/);
  });

  it('tells channels through the same notes, renderers and outbox fallback as deployments', () => {
    const record = open('2026-11-30T06:00:00Z');
    const note = incidentNote(record, { name: 'Critical', notify: ['#incidents'], wake: ['On-call engineer'], responseTarget: '15 minutes' });
    assert.ok(incidentNoteSchema.safeParse(note).success && channelContentSchema.safeParse(note).success);
    assert.match(renderMarkdown(note), /## Incident: Card payments failing[\s\S]*On-call engineer[\s\S]*Retry declined cards/);
    assert.equal(renderWebhook(note, { id: record.id }).kind, 'incident');
    assert.ok(JSON.stringify(renderSlack(note)).includes('Card payments failing'));
    assert.equal(fallbackContent(record).schema, 'changetrail/incident-note');
  });
});
