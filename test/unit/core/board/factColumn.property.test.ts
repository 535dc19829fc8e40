import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { FactColumn, FactRows } from '../../../../src/core/board/factColumn';
import { IdTable } from '../../../../src/core/board/idTable';

// The facts' columns read back a page at a time answer as the arrays they were written from, on
// both sides of every page boundary, after several builds each appending rows; and the id table
// over them finds what a Map of the same ids finds. Sizes span many 64 KB pages.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function ulid(n: number): string {
  let s = '';
  for (let i = 0; i < 16; i++, n = Math.floor(n / 32)) s = ALPHABET[n % 32] + s;
  return `01JB000000${s}`;
}

describe('facts columns read by page (property)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-fact-column-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a column saved over several builds and read back by page holds every row, in and out of order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 20, maxLength: 60 }), fc.integer(), (builds, probes, seed) => {
        const at = mkdtempSync(join(dir, 'c-'));
        const expected: number[] = [];
        const shas: string[] = [];
        let column = new FactColumn(Float64Array);
        let small = new FactColumn(Uint16Array);
        let rows = new FactRows(20);
        for (const added of builds) {
          const saved = expected.length;
          for (let i = 0; i < added; i++) {
            const v = (expected.length * 2654435761 + seed) % 1e9;
            expected.push(v);
            column.push(v);
            small.push(v & 0xffff);
            const sha = (v >>> 0).toString(16).padStart(8, '0').repeat(5);
            shas.push(sha);
            rows.push(sha, 'hex');
          }
          column.save(at, 'col', saved);
          small.save(at, 'small', saved);
          rows.save(at, 'sha', saved);
          assert.equal(statSync(join(at, 'col.bin')).size, expected.length * 8);
          // The next build: every row saved, read back on demand.
          column = FactColumn.saved(Float64Array, at, 'col', expected.length);
          small = FactColumn.saved(Uint16Array, at, 'small', expected.length);
          rows = FactRows.saved(20, at, 'sha', expected.length);
        }
        const n = expected.length;
        if (n === 0) return;
        // Rows on both sides of each page boundary (8,192 doubles, 32,768 shorts, 3,276 shas a page), then any.
        const edges = [0, n - 1, 8191, 8192, 32767, 32768, 3275, 3276, 6551, 6552].filter((i) => i < n);
        for (const i of [...edges, ...probes.map((p) => p % n)]) {
          assert.equal(column.at(i), expected[i], `row ${i}`);
          assert.equal(small.at(i), expected[i] & 0xffff, `row ${i} (16 bits)`);
          assert.equal(rows.text(i, 'hex'), shas[i], `sha ${i}`);
        }
        assert.deepEqual([...column.all()], expected);
        // Rows added after a load sit after the saved ones.
        column.push(-1);
        assert.equal(column.at(n), -1);
        assert.equal(column.all()[n], -1);
        assert.throws(() => FactColumn.saved(Float64Array, at, 'col', n + 1), /bytes where/);
      }),
      { numRuns: 25 },
    );
  });

  it('finds every id a Map of the same ids finds, after builds that append in order, out of order, or not at all', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 2_000_000 }), { maxLength: 6000 }), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 2_000_000 }), { maxLength: 300 }), (builds, probes) => {
        const at = mkdtempSync(join(dir, 'ids-'));
        const map = new Map<string, number>();
        let table = new IdTable();
        let base = 0;
        for (const [b, nums] of builds.entries()) {
          // Half the builds add ids later than every saved one (appended lines), the others any.
          const ids = b % 2 === 0 ? nums.map((x) => ulid(base + x)) : nums.map((x) => ulid(x));
          const saved = table.count;
          for (const id of ids) {
            if (table.find(id) >= 0) continue;
            map.set(id, table.add(id, 1 + (map.size % 3), map.size));
          }
          table.save(at, saved);
          table = new IdTable();
          table.load(at, map.size);
          base += 2_000_001;
        }
        for (const [id, slot] of map) {
          assert.equal(table.find(id), slot, id);
          assert.equal(table.idAt(slot), id);
        }
        for (const x of probes) for (const id of [ulid(x), ulid(base + x)]) assert.equal(table.find(id), map.get(id) ?? -1, id);
        assert.equal(table.find('short'), -1);
      }),
      { numRuns: 20 },
    );
  });
});
