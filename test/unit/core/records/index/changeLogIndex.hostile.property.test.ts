import * as assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { silentLogger } from '../../../../../src/core/log';
import { readLog, serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord, IncidentRecord } from '../../../../../src/core/records/changeRecord';
import type { IndexQuery } from '../../../../../src/core/records/index/changeLogIndex';
import { LogIndex } from '../../../../../src/core/records/index/logIndex';
import { RAW_BYTES, entry, line, naive, query } from './indexArbitraries';

// The log as a shared, hand-edited, merged and rebased file holds it: a byte-order mark, CRLF line
// ends, NUL bytes, bytes that are not UTF-8, two records glued on one line, appends that stop in
// the middle of a line (or of a character), and a rewrite to the same size (lines reordered by a
// rebase or by a checkout of a branch whose merges put the same records in another order). The
// index (the one that saw every step, and a new process taking over its saved copy) must answer
// every question as a plain read of the final file does.

const hostileLine = fc.oneof(
  { weight: 10, arbitrary: line },
  { weight: 1, arbitrary: line.map((l) => `${l}\r`) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000\u0000\u0000', '\u0000{"schema":"changetrail/change"}', '[1,2]', 'null', '"text"', '{"schema":"changetrail/change","version":1}') },
  { weight: 1, arbitrary: fc.tuple(entry, entry).map(([a, b]) => `${serializeEntry(a)}${serializeEntry(b)}`) },
);

const RAW_UTF8 = Buffer.from(RAW_BYTES.slice(0, 1), 'utf8');
const NOT_UTF8 = Buffer.from([0xff, 0xfe, 0xc3]);

/** The lines as bytes, each ending in "\n", the RAW_BYTES marker turned into bytes that are not UTF-8. */
function hostileBytes(lines: readonly string[], bom: boolean): Buffer {
  const text = Buffer.from(`${bom ? '\ufeff' : ''}${lines.map((l) => `${l}\n`).join('')}`, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = text.indexOf(RAW_UTF8); at >= 0; at = text.indexOf(RAW_UTF8, from)) {
    parts.push(text.subarray(from, at), NOT_UTF8);
    from = at + RAW_UTF8.length;
  }
  parts.push(text.subarray(from));
  return Buffer.concat(parts);
}

/** A fixed amendment chain, so every run has superseded entries among the hostile ones. */
function amended(): string[] {
  const first: IncidentRecord = {
    schema: 'changetrail/incident', version: 1, id: '01HZX90ABCDEFGHJKMNPQRSTVW', incidentId: '01HZX90ABCDEFGHJKMNPQRSTVW', createdAt: '2025-01-02T00:00:00.000Z', title: 'Down',
    environment: 'production', systems: ['billing'], detectedAt: '2025-01-02T00:00:00.000Z', impact: 'outage', level: 1, status: 'open', responders: [], by: { name: 'A', email: 'a@example.com' }, suspects: [],
  };
  const later: IncidentRecord = { ...first, id: '01HZX91ABCDEFGHJKMNPQRSTVW', supersedes: first.id, createdAt: '2025-01-02T01:00:00.000Z', status: 'resolved' };
  return [serializeEntry(first), serializeEntry(later)];
}

describe('ChangeLogIndex agrees with a plain read on hostile logs, torn appends and same-size rewrites', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-index-hostile-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('answers every question as readLog does, after each step and after the log is reordered in place', async () => {
    let run = 0;
    const seen = { tornStep: 0, reordered: 0, nonEmpty: 0, notUtf8: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileLine, { minLength: 1, maxLength: 30, size: 'medium' }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        fc.array(query, { minLength: 1, maxLength: 5 }),
        async (generated, bom, cutAt, order, queries) => {
          const lines = [...amended().slice(0, 1), ...generated, ...amended().slice(1)];
          const path = join(dir, `log-${run}.jsonl`);
          const sidecar = join(dir, `log-${run++}.idx`);
          const bytes = hostileBytes(lines, bom);
          if (bytes.includes(NOT_UTF8)) seen.notUtf8++;
          // Appends that may stop anywhere: inside a line, inside a character.
          const cuts = [...new Set(cutAt.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const steps = [0, ...cuts, bytes.length];
          writeFileSync(path, bytes.subarray(0, steps[1]));
          const index = new LogIndex(path, silentLogger, { sidecar, saveAfter: 1 });
          for (let s = 1; s < steps.length; s++) {
            if (s > 1) appendFileSync(path, bytes.subarray(steps[s - 1], steps[s]));
            if (steps[s] > 0 && bytes[steps[s] - 1] !== 10) seen.tornStep++;
            await index.query(queries[s % queries.length]);
          }
          const agree = async (label: string, asked: LogIndex) => {
            const { entries } = await readLog(path, silentLogger);
            for (const q of [{}, { order: 'oldest' }, ...queries] as IndexQuery[]) {
              const expected = naive(entries, q);
              if (expected.length > 0) seen.nonEmpty++;
              assert.deepEqual((await asked.query(q)).map((e) => serializeEntry(e)), expected, `${label}: query ${JSON.stringify(q)}`);
            }
            for (const e of entries) assert.ok(await asked.get(e.id), `${label}: get ${e.id}`);
            assert.equal(((await asked.query({ schema: 'changetrail/incident' })) as IncidentRecord[]).filter((i) => i.incidentId === '01HZX90ABCDEFGHJKMNPQRSTVW').length, 1, `${label}: the amended incident once`);
          };
          await agree('after the appends', index);
          // The saved index as it was before the rewrite, for a process that starts after it.
          const before = `${sidecar}.before`;
          if (existsSync(sidecar)) copyFileSync(sidecar, before);
          // The same lines in another order, written over the file in place: the same size, and
          // (often) the same first and last bytes.
          const shuffled = lines.map((l, i) => ({ l, k: order[i % order.length] * 100 + i })).sort((a, b) => a.k - b.k).map((x) => x.l);
          shuffled.push(...shuffled.splice(shuffled.indexOf(lines[lines.length - 1]), 1));
          shuffled.unshift(...shuffled.splice(shuffled.indexOf(lines[0]), 1));
          const rewritten = hostileBytes(shuffled, bom);
          assert.equal(rewritten.length, bytes.length);
          if (!rewritten.equals(bytes)) seen.reordered++;
          writeFileSync(path, rewritten);
          await agree('the same index after the rewrite', index);
          await agree('a new process over the index saved before the rewrite', new LogIndex(path, silentLogger, { sidecar: before, saveAfter: Infinity }));
        },
      ),
      { numRuns: 120 },
    );
    for (const [what, count] of Object.entries(seen)) assert.ok(count > 5, `only ${count} runs covered ${what}`);
  });

  it('a new process does not take over a saved index of a log whose middle lines were swapped (same size, same ends)', async () => {
    const path = join(dir, 'swapped.jsonl');
    const sidecar = join(dir, 'swapped.idx');
    const records = Array.from({ length: 400 }, (_, i) => {
      const [r] = fc.sample(entry.filter((e): e is ChangeRecord => e.schema === 'changetrail/change'), { numRuns: 1, seed: i });
      return serializeEntry({ ...r, id: `01HZX${String(i).padStart(4, '0')}ABCDEFGHJKMNPQRST`, supersedes: undefined, tickets: [`SWAP-${i}`], createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)).toISOString(), title: `change ${'x'.repeat(i % 5)}` });
    });
    const text = records.map((l) => `${l}\n`).join('');
    writeFileSync(path, text);
    await new LogIndex(path, silentLogger, { sidecar, saveAfter: 1 }).query({});
    // Two neighbours of different lengths that no 64-byte sample of the saved index covers (indexSidecar's samplePlaces).
    const starts = records.map((_, i) => Buffer.byteLength(records.slice(0, i).map((l) => `${l}\n`).join('')));
    const step = (Buffer.byteLength(text) - 64) / 17;
    const samples = Array.from({ length: 16 }, (_, i) => Math.floor(step * (i + 1)));
    const at = records.findIndex((r, i) => i > 100 && i + 2 < records.length && Buffer.byteLength(r) !== Buffer.byteLength(records[i + 1]) && samples.every((p) => p + 64 <= starts[i] || p >= starts[i + 2]));
    assert.ok(at > 0);
    [records[at], records[at + 1]] = [records[at + 1], records[at]];
    writeFileSync(path, records.map((l) => `${l}\n`).join(''));
    const taker = new LogIndex(path, silentLogger, { sidecar, saveAfter: Infinity });
    for (const i of [at - 1, at, at + 1, at + 2]) assert.equal((await taker.query({ ticket: `SWAP-${i}` })).length, 1, `SWAP-${i}`);
    assert.equal((await taker.query({})).length, 400);
  });
});
