import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { silentLogger } from '../../../../../src/core/log';
import { readLog, serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord, LogEntry } from '../../../../../src/core/records/changeRecord';
import { LogIndex } from '../../../../../src/core/records/index/logIndex';
import { EntryKeys, keysOf } from '../../../../../src/core/records/index/entryKeys';
import { skimLine } from '../../../../../src/core/records/index/lineSkimmer';
import { IDS, SHA_SPELLINGS, change, entry, line, naive, query } from './indexArbitraries';

/** Compact JSON with every non-ASCII character and every digit inside strings escaped as \uXXXX. */
function escapedJson(value: unknown): string {
  if (typeof value === 'string') {
    let out = '"';
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 0x22 || c === 0x5c) out += `\\${value[i]}`;
      else if (c < 0x20 || c > 0x7e || (c >= 0x30 && c <= 0x39)) out += `\\u${c.toString(16).padStart(4, '0')}`;
      else out += value[i];
    }
    return `${out}"`;
  }
  if (Array.isArray(value)) return `[${value.map(escapedJson).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${escapedJson(v)}`).join(',')}}`;
  return JSON.stringify(value);
}

/** Kind, time and the sorted (key kind, hash) pairs: what the index files an entry under. */
function summary(keys: EntryKeys): string {
  const pairs = Array.from({ length: keys.count }, (_, i) => `${keys.kinds[i]}:${keys.hashes[i]}`).sort();
  return `${keys.kind} ${keys.time} ${pairs.join(' ')}`;
}

describe('ChangeLogIndex agrees with a plain filter over readLog', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-index-prop-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every query as the filter does, also after appends', async () => {
    let run = 0;
    // The cases worth having seen at least once, so a generator change cannot quietly make the property trivial.
    const seen = { superseded: 0, appended: 0, rescued: 0, nonEmpty: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40, size: 'medium' }), fc.nat(40), fc.array(query, { minLength: 1, maxLength: 6 }), async (lines, split, queries) => {
        const path = join(dir, `log-${run++}.jsonl`);
        const cut = Math.min(split, lines.length);
        writeFileSync(path, lines.slice(0, cut).map((l) => `${l}\n`).join(''));
        const index = new LogIndex(path, silentLogger);
        await index.query({});
        appendFileSync(path, lines.slice(cut).map((l) => `${l}\n`).join(''));
        const { entries } = await readLog(path, silentLogger);
        if (cut < lines.length) seen.appended++;
        if (lines.some((l) => l.lastIndexOf('{"schema"') > 0)) seen.rescued++;
        for (const q of [{}, ...queries]) {
          const expected = naive(entries, q);
          if (expected.length > 0) seen.nonEmpty++;
          if (naive(entries, { ...q, currentOnly: false }).length !== naive(entries, { ...q, currentOnly: true }).length) seen.superseded++;
          assert.deepEqual((await index.query(q)).map((e) => serializeEntry(e)), naive(entries, q), `query ${JSON.stringify(q)}`);
        }
        for (const e of entries) assert.equal(serializeEntry((await index.get(e.id)) as LogEntry), serializeEntry(entries.find((x) => x.id === e.id) as LogEntry));
      }),
      { numRuns: 150 },
    );
    for (const [what, count] of Object.entries(seen)) assert.ok(count > 5, `only ${count} runs covered ${what}`);
  });

  it('answers the same from a saved index taken over by a new process, with the appended lines read after it', async () => {
    let run = 0;
    let adopted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40, size: 'medium' }), fc.nat(40), fc.array(query, { minLength: 1, maxLength: 6 }), async (lines, split, queries) => {
        const path = join(dir, `kept-${run}.jsonl`);
        const sidecar = join(dir, `kept-${run++}.idx`);
        const cut = Math.min(split, lines.length);
        writeFileSync(path, lines.slice(0, cut).map((l) => `${l}\n`).join(''));
        await new LogIndex(path, silentLogger, { sidecar, saveAfter: 1 }).query({});
        appendFileSync(path, lines.slice(cut).map((l) => `${l}\n`).join(''));
        const notes: string[] = [];
        const taker = new LogIndex(path, { ...silentLogger, debug: (m: string) => void notes.push(m) }, { sidecar, saveAfter: Infinity });
        const { entries } = await readLog(path, silentLogger);
        for (const q of [{}, ...queries]) assert.deepEqual((await taker.query(q)).map((e) => serializeEntry(e)), naive(entries, q), `query ${JSON.stringify(q)}`);
        if (notes.some((m) => m.includes('took over the saved index'))) adopted++;
      }),
      { numRuns: 120 },
    );
    assert.ok(adopted > 30, `only ${adopted} runs took over a saved index`);
  });

  it('recordsForCommits, narrowed to some ids or not, answers as the filter does', async () => {
    let run = 0;
    let narrowedHits = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40, size: 'medium' }), fc.subarray(SHA_SPELLINGS, { minLength: 1 }), fc.option(fc.subarray(IDS), { nil: undefined }), async (lines, shas, among) => {
        const path = join(dir, `naming-${run++}.jsonl`);
        writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
        const { entries } = await readLog(path, silentLogger);
        const same = (a: string, b: string) => a.length >= 7 && b.length >= 7 && (a.toLowerCase().startsWith(b.toLowerCase()) || b.toLowerCase().startsWith(a.toLowerCase()));
        const seen = new Set<string>();
        const expected = naive(entries, { schema: 'changetrail/change' }, false).filter((text) => {
          const r = JSON.parse(text) as ChangeRecord;
          return (among === undefined || among.includes(r.id)) && r.commits.some((c) => shas.some((sha) => same(c.sha, sha))) && !seen.has(r.id) && seen.add(r.id);
        });
        if (among !== undefined && expected.length > 0) narrowedHits++;
        assert.deepEqual((await new LogIndex(path, silentLogger).recordsForCommits(shas, { among })).map((e) => serializeEntry(e)), expected);
      }),
      { numRuns: 150 },
    );
    assert.ok(narrowedHits > 5, `only ${narrowedHits} narrowed runs found a record`);
  });

  it('reads the same keys from a compact line as from the parsed entry, escapes and all', () => {
    fc.assert(
      fc.property(entry, fc.boolean(), (e, escaped) => {
        // The same JSON with every non-ASCII character and every digit in its strings written as
        // \uXXXX, as another tool (or a hand edit) may write it: the keys must not change.
        const line = escaped ? escapedJson(JSON.parse(serializeEntry(e))) : serializeEntry(e);
        const text = Buffer.from(line, 'utf8').toString('latin1');
        const skimmed = new EntryKeys();
        assert.ok(skimLine(text, 0, text.length, skimmed), text);
        assert.deepEqual(summary(skimmed), summary(keysOf(JSON.parse(line) as LogEntry)));
      }),
      { numRuns: 400 },
    );
  });

  it('reads an escaped createdAt of exactly 24 characters, and an escaped non-ASCII environment, as the parse does', () => {
    const e = fc.sample(change, { numRuns: 1, seed: 7 })[0];
    // "2025-01-01T0\u0035:00:00" is 24 characters as written and 19 once read; "Pr\u00f6d" is "Pröd".
    const line = serializeEntry({ ...e, environment: 'Pröd' }).replace(/"createdAt":"[^"]*"/, '"createdAt":"2025-01-01T0\\u0035:00:00"').replace('"environment":"Pröd"', '"environment":"Pr\\u00f6d"');
    const text = Buffer.from(line, 'utf8').toString('latin1');
    const skimmed = new EntryKeys();
    assert.ok(skimLine(text, 0, text.length, skimmed), text);
    assert.deepEqual(summary(skimmed), summary(keysOf(JSON.parse(line) as LogEntry)));
  });

  it('the reference itself sees a difference (a broken index would fail)', () => {
    const a = serializeEntry(fc.sample(change, { numRuns: 1, seed: 1 })[0]);
    const entries = [JSON.parse(a) as LogEntry];
    assert.equal(naive(entries, {}).length, 1);
    assert.equal(naive(entries, { schema: 'changetrail/deployment' }).length, 0);
  });
});
