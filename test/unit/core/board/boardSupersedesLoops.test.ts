import * as assert from 'node:assert/strict';
import { buildBoard } from '../../../../src/core/board/boardData';
import { teamConfigSchema } from '../../../../src/core/config/teamConfigSchema';
import { type LogEntry, logEntrySchema } from '../../../../src/core/records/changeRecord';

// A hand-edited log: a record that names itself in `supersedes`, two records naming each other.
// The board (and the metrics under it) dropped every id named by any `supersedes`, so they vanished
// (the index and the notes keep them: supersedesEffectively). An amendment still replaces its record.

const NOW = Date.parse('2026-11-30T06:00:00Z');

function change(id: string, title: string, at: string, supersedes?: string): LogEntry {
  return logEntrySchema.parse({
    schema: 'changetrail/change', version: 1, id, createdAt: at, tickets: ['OPS-1'], title, description: 'd', reason: 'r',
    systems: [{ name: 'Login', criticality: 'medium' }], author: { name: 'Ben Okafor', email: 'ben@example.com' },
    commits: [], answers: {}, rollbackPlan: 'redeploy', riskFlags: [], environment: 'production', ...(supersedes ? { supersedes } : {}),
  });
}

describe('change board: records that supersede themselves or each other', () => {
  it('keeps a record that names itself and the latest of a loop, and still replaces an amended record', () => {
    const entries = [
      change('01JB00000000000000000000A1', 'names itself', '2026-11-28T10:00:00.000Z', '01JB00000000000000000000A1'),
      change('01JB00000000000000000000B1', 'loop one', '2026-11-28T11:00:00.000Z', '01JB00000000000000000000B2'),
      change('01JB00000000000000000000B2', 'loop two', '2026-11-28T12:00:00.000Z', '01JB00000000000000000000B1'),
      change('01JB00000000000000000000C1', 'first draft', '2026-11-28T13:00:00.000Z'),
      change('01JB00000000000000000000C2', 'amended', '2026-11-28T14:00:00.000Z', '01JB00000000000000000000C1'),
    ];
    const config = teamConfigSchema.parse({ environments: ['production'], systems: [{ name: 'Login', paths: ['login/**'] }], freeze: { timeZone: 'UTC' } });
    const { months } = buildBoard({ entries, config, sources: [], now: NOW, timeZone: 'UTC' });
    const titles = months.flatMap((m) => m.changes.map((c) => c.title)).sort();
    assert.deepEqual(titles, ['amended', 'loop two', 'names itself']);
  });
});
