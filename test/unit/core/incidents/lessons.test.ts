import * as assert from 'node:assert/strict';
import { searchLessons } from '../../../../src/core/incidents/lessons';
import { incidentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';

describe('lessons search', () => {
  const retry = incidentRecord({ createdAt: '2026-10-01T06:00:00.000Z', title: 'Card payments failing', systems: ['Billing'], status: 'resolved', cause: { kind: 'deployment', summary: 'retry loop hammered the gateway' }, fix: 'rollback', lessons: 'Retries need a feature flag and a backoff' });
  const dns = incidentRecord({ createdAt: '2026-09-01T06:00:00.000Z', title: 'Login down', systems: ['Auth'], status: 'resolved', cause: { kind: 'not-a-change', summary: 'DNS provider outage' }, fix: 'external', lessons: 'Keep a second DNS provider' });
  const stillOpen = incidentRecord({ createdAt: '2026-11-01T06:00:00.000Z', title: 'Backoff tuning ongoing' });
  const retryOpen = { ...retry, status: 'open' as const, id: retry.id.slice(0, 25) + '0', supersedes: undefined };
  const index = memoryLogIndex([{ ...retryOpen, id: retry.incidentId }, { ...retry, id: `${retry.id.slice(0, 25)}Z`, supersedes: retry.incidentId }, dns, stillOpen]);

  it('finds causes and lessons by words in any order, and through a typo', async () => {
    assert.deepEqual((await searchLessons(index, 'flag retries')).map((h) => h.incident.title), ['Card payments failing']);
    assert.deepEqual((await searchLessons(index, 'dns')).map((h) => h.incident.title), ['Login down']);
    assert.deepEqual((await searchLessons(index, 'gatewya')).map((h) => h.incident.title), ['Card payments failing']);
  });

  it('searches the latest state of each incident only, and skips open ones without a cause', async () => {
    const hits = await searchLessons(index, 'backoff');
    assert.deepEqual(hits.map((h) => h.incident.status), ['resolved']);
    assert.deepEqual(await searchLessons(index, 'zebra'), []);
  });
});
