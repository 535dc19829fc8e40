import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { silentLogger } from '../../../../../src/core/log';
import { readLog, serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../../../../src/core/records/changeRecord';
import type { IndexQuery } from '../../../../../src/core/records/index/changeLogIndex';
import { LogIndex } from '../../../../../src/core/records/index/logIndex';
import { EntryKeys, keysOf } from '../../../../../src/core/records/index/entryKeys';
import { skimLine } from '../../../../../src/core/records/index/lineSkimmer';

// Small pools so that queries hit: the interesting cases are shared keys, amendments, odd spellings.
const IDS = Array.from({ length: 6 }, (_, i) => `01HZX${String(i).padStart(2, "0")}ABCDEFGHJKMNPQRSTVW`);
const SHAS = ['0123456789abcdef0123456789abcdef01234567', 'abcdef0123456789abcdef0123456789abcdef01', 'abcdef0999999999999999999999999999999999', '7777777aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'];
const SHA_SPELLINGS = [...SHAS, 'abcdef0', '0123456789ab', '7777777', 'ABCDEF0123', 'abc'];
const TICKETS = ['PROJ-1', 'PROJ-12', 'OPS-7', 'ÜX-3'];
const BRANCHES = ['main', 'feature/PROJ-1', 'fix/"quoted"', 'bränch'];
const ENVIRONMENTS = ['production', ' Production ', 'staging', 'prod-ü'];
const SYSTEMS = ['billing', 'Billing', 'auth', 'çore'];
const START = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;

const time = fc.integer({ min: 0, max: 200 }).map((h) => START + h * HOUR);
const createdAt = fc.oneof(
  { weight: 8, arbitrary: time.map((t) => new Date(t).toISOString()) },
  { weight: 1, arbitrary: time.map((t) => new Date(t).toISOString().replace('.000Z', 'Z')) },
  { weight: 1, arbitrary: time.map((t) => new Date(t).toISOString().replace('Z', '+00:00')) },
);
const id = fc.constantFrom(...IDS);
const person = { name: 'Ana "the" Ruiz', email: 'ana@example.com' };

const change: fc.Arbitrary<ChangeRecord> = fc.record({
  id,
  supersedes: fc.option(id, { nil: undefined }),
  createdAt,
  tickets: fc.subarray(TICKETS),
  systems: fc.subarray(SYSTEMS).map((names) => names.map((name) => ({ name, criticality: 'high' }))),
  branch: fc.option(fc.constantFrom(...BRANCHES), { nil: undefined }),
  commits: fc.subarray(SHA_SPELLINGS.filter((s) => s.length >= 7)).map((shas) => shas.map((sha) => ({ sha, subject: `fix, {"sha":"${SHAS[3]}"}` }))),
  environment: fc.constantFrom(...ENVIRONMENTS),
  description: fc.constantFrom('', 'multi\nline', '"branch":"main"', '\\'),
  origin: fc.constantFrom(undefined, 'git', 'manual') as fc.Arbitrary<ChangeRecord['origin']>,
}).map((r) => {
  const record: ChangeRecord = {
    schema: 'changetrail/change', version: 1, id: r.id, createdAt: r.createdAt, tickets: r.tickets, title: 'A change', description: r.description,
    reason: 'why', systems: r.systems, author: person, commits: r.commits, changedFiles: ['src/a.ts'], answers: { branch: { value: 'main' } },
    rollbackPlan: 'revert', riskFlags: [], environment: r.environment,
  };
  if (r.supersedes) record.supersedes = r.supersedes;
  if (r.branch !== undefined) record.branch = r.branch;
  if (r.origin !== undefined) record.origin = r.origin;
  return record;
});

const deployment: fc.Arbitrary<DeploymentRecord> = fc.record({ id, createdAt, environment: fc.constantFrom(...ENVIRONMENTS), commit: fc.constantFrom(...SHAS, 'abcdef0'), records: fc.subarray(IDS), rollsBack: fc.option(id, { nil: undefined }) }).map(
  ({ rollsBack, ...d }) => ({ schema: 'changetrail/deployment', version: 1, ...d, by: person, records: d.records, pipeline: { id: '1', name: 'environment' }, ...(rollsBack ? { kind: 'rollback' as const, rollsBack } : {}) }),
);

const incident: fc.Arbitrary<IncidentRecord> = fc.record({ id, supersedes: fc.option(id, { nil: undefined }), createdAt, environment: fc.constantFrom(...ENVIRONMENTS), systems: fc.subarray(SYSTEMS) }).map((i) => {
  const record: IncidentRecord = {
    schema: 'changetrail/incident', version: 1, id: i.id, incidentId: IDS[0], createdAt: i.createdAt, title: 'Down', environment: i.environment, systems: i.systems,
    detectedAt: i.createdAt, impact: 'outage', level: 1, status: 'open', responders: [], by: person, suspects: [],
  };
  if (i.supersedes) record.supersedes = i.supersedes;
  return record;
});

const entry = fc.oneof({ weight: 5, arbitrary: change }, { weight: 2, arbitrary: deployment }, { weight: 1, arbitrary: incident });

// A line as the log may hold it: mostly what appendEntry writes, sometimes a hand edit or damage.
const line = fc.oneof(
  { weight: 12, arbitrary: entry.map((e) => serializeEntry(e)) },
  { weight: 1, arbitrary: entry.map((e) => JSON.stringify(e, null, 1).replace(/\n/g, '')) },
  { weight: 1, arbitrary: entry.map((e) => `${serializeEntry(e).slice(0, 40)}${serializeEntry(e)}`) },
  { weight: 1, arbitrary: entry.map((e) => serializeEntry(e).replace('"version":1', '"version":2')) },
  { weight: 1, arbitrary: fc.constantFrom('', 'not json', '{}', '{"schema":"changetrail/change"}', '   ') },
);

const query: fc.Arbitrary<IndexQuery> = fc.record(
  {
    schema: fc.constantFrom('changetrail/change', 'changetrail/deployment', 'changetrail/incident') as fc.Arbitrary<LogEntry['schema']>,
    sha: fc.constantFrom(...SHA_SPELLINGS),
    ticket: fc.constantFrom(...TICKETS),
    branch: fc.constantFrom(...BRANCHES),
    origin: fc.constantFrom('git', 'manual') as fc.Arbitrary<'git' | 'manual'>,
    environment: fc.constantFrom(...ENVIRONMENTS, 'PRODUCTION'),
    system: fc.constantFrom(...SYSTEMS, 'BILLING '),
    carries: fc.oneof(fc.constantFrom(...IDS), fc.subarray(IDS)),
    rollsBack: fc.oneof(fc.constantFrom(...IDS), fc.subarray(IDS)),
    since: time,
    until: time,
    currentOnly: fc.boolean(),
    limit: fc.integer({ min: 0, max: 5 }),
    order: fc.constantFrom('newest', 'oldest') as fc.Arbitrary<'newest' | 'oldest'>,
  },
  { requiredKeys: [] },
);

/** The reference: every entry readLog gives, filtered and sorted as the index promises, written out plainly. */
function naive(entries: readonly LogEntry[], q: IndexQuery): string[] {
  const fold = (s: string) => s.trim().toLowerCase();
  const same = (a: string, b: string) => a.length >= 7 && b.length >= 7 && (a.toLowerCase().startsWith(b.toLowerCase()) || b.toLowerCase().startsWith(a.toLowerCase()));
  const superseded = new Set(entries.flatMap((e) => ('supersedes' in e && e.supersedes ? [`${e.schema} ${e.supersedes}`] : [])));
  const ms = (e: LogEntry) => Date.parse(e.createdAt);
  const hits = entries
    .map((e, n) => ({ e, n }))
    .filter(({ e }) => {
      if (q.schema && e.schema !== q.schema) return false;
      if (q.since !== undefined && !(ms(e) >= q.since)) return false;
      if (q.until !== undefined && !(ms(e) < q.until)) return false;
      const shas = e.schema === 'changetrail/change' ? e.commits.map((c) => c.sha) : e.schema === 'changetrail/deployment' ? [e.commit] : [];
      if (q.sha !== undefined && !shas.some((s) => same(s, q.sha as string))) return false;
      if (q.ticket !== undefined && !(e.schema === 'changetrail/change' && e.tickets.includes(q.ticket))) return false;
      if (q.branch !== undefined && !(e.schema === 'changetrail/change' && e.branch === q.branch)) return false;
      if (q.origin !== undefined && !(e.schema === 'changetrail/change' && (e.origin ?? 'git') === q.origin)) return false;
      if (q.environment !== undefined && fold(e.environment) !== fold(q.environment)) return false;
      const systems = e.schema === 'changetrail/change' ? e.systems.map((s) => s.name) : e.schema === 'changetrail/incident' ? e.systems : [];
      if (q.system !== undefined && !systems.some((s) => fold(s) === fold(q.system as string))) return false;
      const carried = typeof q.carries === 'string' ? [q.carries] : q.carries;
      if (carried !== undefined && !(e.schema === 'changetrail/deployment' && e.records.some((id) => carried.includes(id)))) return false;
      const rolledBack = typeof q.rollsBack === 'string' ? [q.rollsBack] : q.rollsBack;
      if (rolledBack !== undefined && !(e.schema === 'changetrail/deployment' && e.rollsBack !== undefined && rolledBack.includes(e.rollsBack))) return false;
      if (q.currentOnly !== false && superseded.has(`${e.schema} ${e.id}`)) return false;
      return true;
    });
  const key = (x: { e: LogEntry; n: number }) => (Number.isNaN(ms(x.e)) ? -Infinity : ms(x.e));
  hits.sort((a, b) => (q.order === 'oldest' ? key(a) - key(b) || a.n - b.n : key(b) - key(a) || b.n - a.n));
  return hits.slice(0, q.limit ?? Infinity).map(({ e }) => serializeEntry(e));
}

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
        const expected = naive(entries, { schema: 'changetrail/change' }).filter((text) => {
          const r = JSON.parse(text) as ChangeRecord;
          return (among === undefined || among.includes(r.id)) && r.commits.some((c) => shas.some((sha) => same(c.sha, sha)));
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
