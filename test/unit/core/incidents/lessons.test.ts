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

  it('a pasted term longer than any word is searched as typed, in time linear in the incidents (no typo pass)', async () => {
    // 2,000 resolved incidents with 2 KB of lessons each; a 300-letter term took 30 s through the typo-tolerant pass.
    const many = Array.from({ length: 2000 }, (_, i) =>
      incidentRecord({ createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(), title: `Incident ${i}`, status: 'resolved', cause: { kind: 'not-a-change', summary: 'load' }, lessons: 'x'.repeat(2000) }),
    );
    const started = process.hrtime.bigint();
    const hits = await searchLessons(memoryLogIndex(many), `${'x'.repeat(300)}y`);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.deepEqual(hits, [], 'no lesson holds the y');
    assert.ok(ms < 5000, `took ${Math.round(ms)} ms`);
    assert.deepEqual((await searchLessons(index, 'gatewya  flag')).map((h) => h.incident.title), ['Card payments failing'], 'short words still forgive typos');
  });
});
