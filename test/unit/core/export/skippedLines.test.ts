import * as assert from 'node:assert/strict';
import { auditExport } from '../../../../src/core/export/auditExport';
import { SKIPPED_LINES_LISTED, skippedLinesOf, skippedLinesWarning } from '../../../../src/core/export/skippedLines';

describe('skipped lines of an export', () => {
  it('counts each line once, lists them ascending, capped; the count stays whole', () => {
    const problems = Array.from({ length: 250 }, (_, i) => ({ line: 250 - i, message: 'not valid JSON' }));
    const s = skippedLinesOf('ops/changes.jsonl', [...problems, { line: 7, message: 'createdAt: expected an ISO timestamp' }]);
    assert.equal(s?.count, 250);
    assert.equal(s?.lines.length, SKIPPED_LINES_LISTED);
    assert.deepEqual(s?.lines.slice(0, 3), [1, 2, 3]);
    assert.equal(skippedLinesOf('ops/changes.jsonl', []), undefined);
    assert.equal(
      skippedLinesWarning(s!),
      'ops/changes.jsonl: 250 lines could not be read and are not in the export (lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 240 more); the manifest counts them in skippedLines',
    );
  });

  it('the manifest carries the total and each log\'s lines', () => {
    const skipped = [skippedLinesOf('a.jsonl', [{ line: 4, message: 'x' }])!, skippedLinesOf('b.jsonl', [{ line: 9, message: 'y' }, { line: 2, message: 'z' }])!];
    const result = auditExport([], { since: 0, until: 1, now: 1, timeZone: 'UTC', format: 'jsonl', sources: [], skipped });
    assert.equal(result.manifest.skippedLines, 3);
    assert.deepEqual(result.manifest.skipped, [
      { log: 'a.jsonl', count: 1, lines: [4] },
      { log: 'b.jsonl', count: 2, lines: [2, 9] },
    ]);
    assert.equal(auditExport([], { since: 0, until: 1, now: 1, timeZone: 'UTC', format: 'jsonl', sources: [] }).manifest.skippedLines, 0);
  });
});
