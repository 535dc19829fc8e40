import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../../src/core/log';
import { readLog } from '../../../../src/core/records/changeLog';
import { gluedRecords } from '../../../../src/core/records/changeLogReader';
import { queryLog } from '../../../../src/core/records/changeLogQuery';
import type { ChangeRecord } from '../../../../src/core/records/changeRecord';
import { closeChangeLogIndex, openChangeLogIndex } from '../../../../src/core/records/index/openChangeLogIndex';
import { ulid } from '../../../../src/core/records/ulid';

// JSON.parse takes a line nested 5,000 levels deep (10 KB of brackets in a field this version does
// not know); JSON.stringify cannot write it back. The reader kept it as a record, so `export`,
// anything re-sending it, or a board crashed: "changetrail: Maximum call stack size exceeded",
// exit 70. Such a line is damage, reported with its number like any other; the rest is read.

const START = Date.UTC(2026, 10, 2);

function change(at: number, more: Record<string, unknown> = {}): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), tickets: ['PROJ-1'], title: 'Fix login timeout', description: '', reason: 'r',
    systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production', ...more,
  } as ChangeRecord;
}

// The line as text: JSON.stringify cannot write such a value, which is the point.
const deep = (levels: number) => `__deep${levels}__`;
const line = (entry: object) => JSON.stringify(entry).replace(/"__deep(\d+)__"/, (_, n) => `${'['.repeat(Number(n))}${']'.repeat(Number(n))}`);

describe('change log lines nested too deep to be written again', () => {
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-deep-'));
    log = join(dir, 'changes.jsonl');
    const many = Array.from({ length: 300 }, (_, i) => ({ sha: i.toString(16).padStart(40, '0'), subject: `commit ${i}` }));
    const lines = [
      change(START),
      change(START + 1, { extra: deep(5_000) }),
      { ...change(START + 2), version: 2, extra: deep(5_000) },
      change(START + 3, { commits: many, extra: deep(60) }),
    ].map(line);
    // And one glued onto a fragment: the rescue must not keep it either.
    lines.push(`{"schema":"changetrail/cha${line(change(START + 4, { extra: deep(5_000) }))}`);
    writeFileSync(log, `${lines.join('\n')}\n`);
  });
  afterEach(() => {
    closeChangeLogIndex(log);
    rmSync(dir, { recursive: true, force: true });
  });

  it('readLog and queryLog report them by line and keep every other record, each writable again', async () => {
    for (const read of [() => readLog(log, silentLogger), () => queryLog(log, {}, silentLogger)]) {
      const result = await read();
      assert.deepEqual(result.entries.map((e) => Date.parse(e.createdAt) - START), [0, 3]);
      assert.deepEqual(result.problems.filter((p) => p.line !== 5).map((p) => [p.line, p.message]), [
        [2, 'nested deeper than 64 levels (no ChangeTrail record is; it could not be written out again)'],
        [3, 'nested deeper than 64 levels (no ChangeTrail record is; it could not be written out again)'],
      ]);
      assert.equal(result.newer?.length ?? 0, 0, 'a deep line is not kept as a newer record either');
      for (const entry of [...result.entries, ...(result.newer ?? [])]) assert.doesNotThrow(() => JSON.stringify(entry));
    }
  });

  it('the index (every editor path, export, board) leaves them out too', async () => {
    const index = openChangeLogIndex(log, { logger: silentLogger, persist: false });
    const entries = await index.query({});
    assert.deepEqual(entries.map((e) => Date.parse(e.createdAt) - START).sort(), [0, 3]);
    assert.doesNotThrow(() => JSON.stringify(entries));
  });

  it('gluedRecords rescues no deep record from a damaged line', () => {
    const bytes = Buffer.from(`{"schema":"changetrail/cha${line(change(START, { extra: deep(5_000) }))}${line(change(START + 1))}`);
    assert.deepEqual(gluedRecords(bytes, 0, bytes.length).map((g) => Date.parse(g.entry.createdAt) - START), [1]);
  });
});
