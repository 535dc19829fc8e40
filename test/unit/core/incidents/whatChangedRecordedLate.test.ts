import * as assert from 'node:assert/strict';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { whatChanged } from '../../../../src/core/incidents/whatChanged';
import { changeRecord, deploymentRecord, memoryLogIndex } from '../../../helpers/memoryLogIndex';

// "What changed before T" counts a change made outside git by when it was made (changedAt), however
// late it was written down: during an incident someone remembers "I lowered the DNS TTL at 05:50" and
// records it at 06:30. Asked afterwards about 06:10, the answer must list it, and list nothing made after T.

const config = teamConfigSchema.parse({ systems: [{ name: 'Billing', paths: ['src/billing/**'], criticality: 'high' }] });
const T = Date.parse('2026-11-30T06:10:00Z');

describe('what changed before T: manual changes recorded after the alert', () => {
  const d1 = deploymentRecord({ createdAt: '2026-11-30T02:00:00.000Z', commit: 'a'.repeat(40) });
  const manual = (createdAt: string, changedAt: string | undefined, title: string) => changeRecord({ createdAt, ...(changedAt ? { changedAt } : {}), origin: 'manual', commits: [], title, systems: [{ name: 'Billing', criticality: 'high' }] });
  const late = manual('2026-11-30T06:30:00.000Z', '2026-11-30T05:50:00.000Z', 'DNS TTL lowered');
  const atT = manual('2026-11-30T09:00:00.000Z', '2026-11-30T06:10:00.000Z', 'made exactly at T');
  const afterT = manual('2026-11-30T06:40:00.000Z', '2026-11-30T06:10:01.000Z', 'made one second after T');
  const recordedAfter = manual('2026-11-30T06:20:00.000Z', undefined, 'made and recorded after T');
  const index = memoryLogIndex([d1, late, atT, afterT, recordedAfter]);

  it('lists the changes made up to T, whenever they were recorded, and none made after it', async () => {
    const answer = await whatChanged({ environment: 'production', system: 'Billing', at: T }, { index, config });
    const titles = answer.deployments.filter((d) => d.source === 'manual').map((d) => d.changes[0].title);
    assert.deepEqual(titles, ['made exactly at T', 'DNS TTL lowered']);
    assert.ok(answer.suspects.some((s) => s.title === 'DNS TTL lowered'));
  });
});
