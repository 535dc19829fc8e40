import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { EntryKeys, KEY, type KeyKind, keyHash } from '../../../../../src/core/records/index/entryKeys';
import { EntryTable } from '../../../../../src/core/records/index/entryTable';

// Few enough values per kind that keys are shared by many entries (the same value twice in one
// entry too), and enough that their hashes' order by high and by low bits differ.
const VALUES = ['a', 'b', 'PROJ-1', 'production', '0123456789abcdef', 'Ü', ...Array.from({ length: 26 }, (_, i) => `key-${i * 7919}`)];
const KINDS = Object.keys(KEY) as KeyKind[];

const entry = fc.array(fc.record({ kind: fc.constantFrom(...KINDS), value: fc.constantFrom(...VALUES) }), { maxLength: 5 });
// A batch of entries added one by one (an append), in bulk (a first build, a big append), or a save and load between.
const step = fc.oneof(
  fc.record({ how: fc.constantFrom('one by one', 'bulk'), entries: fc.array(entry, { minLength: 1, maxLength: 30 }) }),
  fc.constant({ how: 'saved and loaded' as const, entries: [] }),
);

describe('entry table postings, however entries were added (property)', () => {
  it('looks up what a map of every added key holds: one by one, in bulk, after a save and load, in any order of these', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        let table = new EntryTable();
        const expected = new Map<string, number[]>();
        const keys = new EntryKeys();
        let n = 0;
        for (const { how, entries } of steps) {
          if (how === 'saved and loaded') {
            table = EntryTable.from(table.columns());
            continue;
          }
          if (how === 'bulk') table.bulk();
          for (const named of entries) {
            keys.reset();
            keys.kind = 0;
            keys.time = n;
            for (const { kind, value } of named) {
              keys.push(KEY[kind], keyHash(kind, value));
              const list = expected.get(`${kind}\0${keyHash(kind, value)}`) ?? [];
              if (list[list.length - 1] !== n) list.push(n);
              expected.set(`${kind}\0${keyHash(kind, value)}`, list);
            }
            assert.equal(table.add(keys, n * 10, 10, n + 1), n);
            n++;
          }
          if (how === 'bulk') table.seal();
        }
        for (const kind of KINDS) {
          for (const value of VALUES) {
            assert.deepEqual([...table.lookup(kind, value)], expected.get(`${kind}\0${keyHash(kind, value)}`) ?? [], `${kind} ${value}`);
          }
        }
        // And what a save holds is what a table built one by one would save.
        const plain = new EntryTable();
        for (let i = 0; i < n; i++) {
          keys.reset();
          keys.kind = 0;
          keys.time = i;
          for (const [key, list] of expected) if (list.includes(i)) keys.push(KEY[key.split('\0')[0] as KeyKind], Number(key.split('\0')[1]));
          plain.add(keys, i * 10, 10, i + 1);
        }
        assert.deepEqual(table.columns().postings.map(forCompare), plain.columns().postings.map(forCompare));
      }),
      { numRuns: 300 },
    );
  });
});

function forCompare(p: { hashes: Int32Array; starts: Uint32Array; entries: Uint32Array }): number[][] {
  return [[...p.hashes], [...p.starts], [...p.entries]];
}
