import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../../src/core/log';
import { readLog, serializeEntry } from '../../../../src/core/records/changeLog';
import { queryLog } from '../../../../src/core/records/changeLogQuery';
import type { ChangeRecord } from '../../../../src/core/records/changeRecord';
import { LogIndex } from '../../../../src/core/records/index/logIndex';

function change(n: number): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: `01HZX${String(n).padStart(2, '0')}ABCDEFGHJKMNPQRSTVW`, createdAt: `2025-01-0${n}T10:00:00.000Z`,
    tickets: ['PROJ-1'], title: `Change ${n}`, description: '', reason: 'why', systems: [], author: { name: 'Ana', email: 'ana@example.com' },
    commits: [{ sha: 'abcdef1', subject: 'PROJ-1: fix' }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

// A log saved once by a Windows editor (or with a file concatenated onto it) starts its line with
// U+FEFF. The record after it is whole: every reader keeps it and reports nothing. Before, each
// reported "line 1: not valid JSON (a torn or hand-edited line)", and the audit export told
// auditors that line was left out while its record was in the export.
describe('a byte-order mark at the start of a line is not damage', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-bom-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [label, text] of [
    ['the first line (CRLF ends)', `\ufeff${serializeEntry(change(1))}\r\n${serializeEntry(change(2))}\r\n`],
    ['a line in the middle (a file concatenated)', `${serializeEntry(change(1))}\n\ufeff${serializeEntry(change(2))}\n`],
  ] as const) {
    it(`on ${label}: readLog, queryLog and the index keep both records and report no problem`, async () => {
      const path = join(dir, `${label.length}.jsonl`);
      writeFileSync(path, text);
      const warnings: string[] = [];
      const none = () => undefined;
      const logger: Logger = { trace: none, debug: none, info: none, error: none, warn: (m: string) => void warnings.push(m) };
      const read = await readLog(path, logger);
      assert.deepEqual(read.entries.map((e) => e.id), [change(1).id, change(2).id]);
      assert.deepEqual(read.problems, []);
      const queried = await queryLog(path, { ticket: 'PROJ-1' }, logger);
      assert.deepEqual(queried.entries.map((e) => e.id).sort(), [change(1).id, change(2).id]);
      assert.deepEqual(queried.problems, []);
      const index = new LogIndex(path, logger);
      assert.deepEqual((await index.query({ order: 'oldest' })).map((e) => e.id), [change(1).id, change(2).id]);
      assert.deepEqual((await index.query({ ticket: 'PROJ-1', sha: 'abcdef1', order: 'oldest' })).map((e) => e.id), [change(1).id, change(2).id]);
      assert.deepEqual(index.problems(), []);
      assert.deepEqual(warnings, []);
    });
  }
});
