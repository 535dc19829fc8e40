import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { auditExport } from '../../../../src/core/export/auditExport';
import { AUDIT_COLUMNS } from '../../../../src/core/export/auditRows';
import { csvField } from '../../../../src/core/export/csv';
import { change, deployment, incident } from '../../../fixtures/metrics/metricsFixtures';

/** A strict RFC 4180 reader, written independently of the writer, to read the export back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      assert.ok(c !== '\n' && c !== '\r', `bare line break at ${i}`);
      field += c;
      i++;
    }
  }
  assert.equal(field, '', 'the document ends with CRLF');
  return rows;
}

const NOW = Date.parse('2026-11-30T06:00:00Z');
const SINCE = NOW - 90 * 86_400_000;

describe('audit export', () => {
  const hostile = change({ at: '2026-11-20T10:00:00Z', title: 'Billing "v2", with commas\r\nand two lines', reason: '=HYPERLINK("http://x")', system: 'Billing' });
  const old = change({ at: '2026-08-01T10:00:00Z', title: 'Too old' });
  const d = deployment('2026-11-21T10:00:00Z', [hostile]);
  const r = deployment('2026-11-21T11:00:00Z', [], { kind: 'rollback', rollsBack: d.id });
  const i = incident({ detectedAt: '2026-11-21T10:30:00Z', resolvedAt: '2026-11-21T11:05:00Z', systems: ['Billing'], cause: { kind: 'deployment', deployment: d.id, summary: 'v2 broke invoices' } });

  it('writes RFC 4180 CSV in a stable column order, oldest first, with zoned times, that reads back exactly', () => {
    const result = auditExport([r, i, d, hostile, old], { since: SINCE, until: NOW, now: NOW, timeZone: 'Europe/Madrid', format: 'csv', sources: [{ log: '.changetrail/changes.jsonl', commit: 'abc' }] });
    const rows = parseCsv(result.body);
    assert.deepEqual(rows[0], [...AUDIT_COLUMNS]);
    assert.deepEqual(rows.slice(1).map((row) => row[1]), ['change', 'deployment', 'incident', 'rollback']);
    assert.equal(rows[1][0], '2026-11-20T11:00:00+01:00', 'times carry their offset');
    assert.equal(rows[1][5], 'Billing "v2", with commas\r\nand two lines', 'quotes, commas and line breaks survive');
    assert.equal(rows[1][7], `'=HYPERLINK("http://x")`, 'a formula is neutralised for spreadsheets');
    assert.match(rows[4][13], new RegExp(`rolls back ${d.id}`));
    assert.equal(result.manifest.rows, 4, 'the entry from August is outside 90 days');
    assert.equal(result.manifest.sha256, createHash('sha256').update(result.body).digest('hex'));
    assert.deepEqual(result.manifest.sources, [{ log: '.changetrail/changes.jsonl', commit: 'abc' }]);
  });

  it('writes JSONL of the entries as recorded', () => {
    const result = auditExport([d, hostile], { since: SINCE, until: NOW, now: NOW, timeZone: 'UTC', format: 'jsonl', sources: [] });
    const lines = result.body.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines, [hostile, d]);
    assert.equal(result.manifest.columns, undefined);
  });

  it('quotes only what needs quoting', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('-1'), `'-1`);
    assert.equal(csvField(-1), '-1', 'numbers are numbers, not typed text');
    assert.equal(csvField(undefined), '');
  });
});
