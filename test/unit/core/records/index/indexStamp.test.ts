import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord } from '../../../../../src/core/records/changeRecord';
import { LogIndex } from '../../../../../src/core/records/index/logIndex';
import { ulid } from '../../../../../src/core/records/ulid';

const DAY = 86_400_000;
const NOV = Date.UTC(2026, 10, 1);
const DEC = Date.UTC(2026, 11, 1);
const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function change(at: number, title: string): string {
  const record: ChangeRecord = {
    schema: 'changetrail/change', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), tickets: ['PROJ-1'], title, description: '', reason: 'why',
    systems: [], author: { name: 'Ana', email: 'ana@example.com' }, commits: [{ sha: 'abcdef1234', subject: title }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
  return `${serializeEntry(record)}\n`;
}

describe('ChangeLogIndex.stamp: what a range holds, without reading it', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-stamp-'));
    path = join(dir, 'changes.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('counts the range and changes only the stamp of the range an append lands in', async () => {
    writeFileSync(path, change(NOV + DAY, 'a') + change(NOV + 2 * DAY, 'b') + change(DEC - DAY, 'c'));
    const index = new LogIndex(path, quiet);
    const november = { since: NOV, until: DEC };
    const before = await index.stamp(november);
    const december = await index.stamp({ since: DEC });
    assert.equal(before.count, 3);
    assert.equal(december.count, 0);
    assert.equal((await index.stamp()).count, 3);

    appendFileSync(path, change(DEC + DAY, 'd'));
    assert.deepEqual(await index.stamp(november), before, 'an append in December leaves November as it was');
    const after = await index.stamp({ since: DEC });
    assert.equal(after.count, 1);
    assert.notEqual(after.fingerprint, december.fingerprint);
  });

  it('tells a rewritten range from the one it replaced even when the count is the same', async () => {
    writeFileSync(path, change(NOV + DAY, 'a') + change(NOV + 2 * DAY, 'b'));
    const index = new LogIndex(path, quiet);
    const before = await index.stamp({ since: NOV, until: DEC });
    writeFileSync(path, change(NOV + DAY, 'a, amended by hand to a longer title') + change(NOV + 2 * DAY, 'b'));
    const after = await index.stamp({ since: NOV, until: DEC });
    assert.equal(after.count, before.count);
    assert.notEqual(after.fingerprint, before.fingerprint);
  });
});
