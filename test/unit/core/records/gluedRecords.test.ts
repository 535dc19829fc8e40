import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../../src/core/log';
import { appendEntry, readLog, serializeEntry } from '../../../../src/core/records/changeLog';
import { queryLog } from '../../../../src/core/records/changeLogQuery';
import type { ChangeRecord } from '../../../../src/core/records/changeRecord';
import { LogIndex } from '../../../../src/core/records/index/logIndex';

function change(n: number): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: `01HZX${String(n).padStart(2, '0')}ABCDEFGHJKMNPQRSTVW`, createdAt: `2025-01-0${n}T10:00:00.000Z`,
    tickets: ['PROJ-1'], title: `Change ${n}`, description: 'a "quoted" {"schema":"changetrail/change"} in text', reason: 'why', systems: [],
    author: { name: 'Ana', email: 'ana@example.com' }, commits: [{ sha: 'abcdef1', subject: 'PROJ-1: fix' }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

// A tool that appends without looking for a missing final "\n" (a script's `>>`, an export
// re-imported by hand) glues whole records onto one line. Before, only the last record of such a
// line was kept: every record before it was lost to every reader, with the line called a fragment.
describe('records glued onto one line are each kept', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-glued-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('readLog, queryLog and the index keep every whole record of the line, and report the line once', async () => {
    const path = join(dir, 'glued.jsonl');
    writeFileSync(path, `${serializeEntry(change(1))}\n${serializeEntry(change(2))}${serializeEntry(change(3))}{"schema":"changetrail/cha${serializeEntry(change(4))}\n`);
    const all = [1, 2, 3, 4].map((n) => change(n).id);
    const read = await readLog(path, silentLogger);
    assert.deepEqual(read.entries.map((e) => e.id), all);
    assert.deepEqual(read.problems, [{ line: 2, message: 'not valid JSON (a torn or hand-edited line); the 3 records on it were kept' }]);
    assert.deepEqual((await queryLog(path, { ticket: 'PROJ-1' }, silentLogger)).entries.map((e) => e.id).sort(), all);
    const index = new LogIndex(path, silentLogger);
    assert.deepEqual((await index.query({ order: 'oldest' })).map((e) => e.id), all);
    assert.deepEqual((await index.query({ sha: 'abcdef1', ticket: 'PROJ-1', order: 'oldest' })).map((e) => e.id), all);
    for (const n of [2, 3, 4]) assert.equal(((await index.get(change(n).id)) as ChangeRecord | undefined)?.title, `Change ${n}`);
    assert.deepEqual(index.problems().map((p) => p.line), [2]);
    // Appends after it are read as appends; ChangeTrail's own writer never glues (it starts a fresh line).
    appendFileSync(path, serializeEntry(change(5)));
    await appendEntry(path, change(6));
    assert.deepEqual((await index.query({ order: 'oldest' })).map((e) => e.id), [...all, change(5).id, change(6).id]);
    assert.deepEqual((await readLog(path, silentLogger)).entries.map((e) => e.id), [...all, change(5).id, change(6).id]);
  });
});
