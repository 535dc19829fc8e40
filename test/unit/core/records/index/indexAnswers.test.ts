import { supersedesEffectively } from '../../../../../src/core/records/index/incidentStates';
import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { silentLogger } from '../../../../../src/core/log';
import { matchRecords } from '../../../../../src/core/notes/matchRecords';
import type { RangeCommit } from '../../../../../src/core/notes/rangeLog';
import { readLog, serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, LogEntry } from '../../../../../src/core/records/changeRecord';
import { entriesForRange, latestDeployments, recordsByCommit } from '../../../../../src/core/records/index/indexAnswers';
import { LogIndex } from '../../../../../src/core/records/index/logIndex';
import { sameCommit } from '../../../../../src/core/records/index/entryFilter';
import { ulid } from '../../../../../src/core/records/ulid';
import { MemoryLogIndex } from '../../../../helpers/memoryLogIndexImpl';

const IDS = Array.from({ length: 16 }, (_, i) => `01HZY${String(i).padStart(2, '0')}ABCDEFGHJKMNPQRSTVW`);
const SHAS = ['1111111aaaa', '2222222bbbb', '3333333cccc', '4444444dddd', '5555555eeee'];
const TICKETS = ['PROJ-1', 'PROJ-2', 'PROJ-3'];
const BRANCHES = ['feature/a', 'feature/b'];
const ENVS = ['production', 'Staging'];
const person = { name: 'Ana', email: 'ana@example.com' };
// The same instants written three ways (as toISOString, without milliseconds, at +02:00): records
// rank by the instant, so a later time in another form must still win.
const atHour = (hours: number) =>
  fc.tuple(fc.integer({ min: 0, max: hours }), fc.constantFrom('iso', 'seconds', 'offset')).map(([h, form]) => {
    const ms = Date.UTC(2025, 0, 1) + h * 3_600_000;
    if (form === 'iso') return new Date(ms).toISOString();
    if (form === 'seconds') return new Date(ms).toISOString().replace('.000Z', 'Z');
    return `${new Date(ms + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
  });
const at = atHour(50);

const changeAt = (createdAt: fc.Arbitrary<string>) =>
  fc.record({ id: fc.constantFrom(...IDS), supersedes: fc.option(fc.constantFrom(...IDS), { nil: undefined }), createdAt, tickets: fc.subarray(TICKETS), branch: fc.option(fc.constantFrom(...BRANCHES), { nil: undefined }), shas: fc.subarray(SHAS.map((s) => s.slice(0, 8))), environment: fc.constantFrom(...ENVS) }).map(
  (r): ChangeRecord => ({
    schema: 'changetrail/change', version: 1, id: r.id, ...(r.supersedes ? { supersedes: r.supersedes } : {}), createdAt: r.createdAt, tickets: r.tickets, title: 't', description: '', reason: '', systems: [], author: person,
    ...(r.branch ? { branch: r.branch } : {}), commits: r.shas.map((sha) => ({ sha, subject: 's' })), answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: r.environment,
  }),
);
const change = changeAt(at);
// Records crowded into two hours: many ties, settled by id or by line.
const crowded = changeAt(atHour(1));
const deployment = fc.record({ id: fc.constantFrom(...IDS), createdAt: at, environment: fc.constantFrom(...ENVS, ' PRODUCTION'), records: fc.subarray(IDS) }).map(
  (d): DeploymentRecord => ({ schema: 'changetrail/deployment', version: 1, ...d, commit: 'abcdef1', by: person }),
);
const commit = fc.record({ sha: fc.constantFrom(...SHAS, '6666666ffff'), tickets: fc.subarray(TICKETS), merge: fc.boolean(), mergedBranch: fc.option(fc.constantFrom(...BRANCHES), { nil: undefined }) }).map(
  (c): RangeCommit => ({ sha: c.sha, subject: 's', author: 'Ana', date: '2025-01-01T00:00:00Z', tickets: c.tickets, ...(c.merge ? { merge: true, ...(c.mergedBranch ? { mergedBranch: c.mergedBranch } : {}) } : {}) }),
);

// Ids are unique, as ULIDs are; an amendment names an earlier id.
describe('index answers for notes and history', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'changetrail-answers-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('matchRecords over entriesForRange equals matchRecords over the whole log', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.oneof(change, deployment), { maxLength: 16, size: 'medium', selector: (e) => e.id }), fc.uniqueArray(commit, { maxLength: 6, selector: (c) => c.sha }), fc.constantFrom(...ENVS), async (entries, commits, env) => {
        const path = join(dir, `log-${run++}.jsonl`);
        writeFileSync(path, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
        const all = (await readLog(path, silentLogger)).entries;
        const narrowed = await entriesForRange(new LogIndex(path, silentLogger), commits, env);
        assert.deepEqual(matchRecords(commits, narrowed, env), matchRecords(commits, all, env));
      }),
      { numRuns: 300 },
    );
  });

  it('bestForCommits picks what a walk over every record picks, for any environment and either tie rule', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.oneof(change, crowded), { maxLength: 16, size: 'medium', selector: (e) => e.id }), fc.option(fc.constantFrom(...ENVS, ' PRODUCTION', 'qa'), { nil: undefined }), fc.constantFrom('id' as const, 'line' as const), async (entries, environment, ties) => {
        const path = join(dir, `best-${run++}.jsonl`);
        writeFileSync(path, entries.map((e) => `${serializeEntry(e)}\n`).join(''));
        const asked = [...SHAS, SHAS[1].toUpperCase(), SHAS[2].slice(0, 7), '7777777'];
        const found = await new LogIndex(path, silentLogger).bestForCommits(asked, { environment, ties });
        const expected = await new MemoryLogIndex(path, (await readLog(path, silentLogger)).entries).bestForCommits(asked, { environment, ties });
        assert.deepEqual([...found].map(([sha, r]) => [sha, r.id]), [...expected].map(([sha, r]) => [sha, r.id]));
      }),
      { numRuns: 300 },
    );
  });

  it('recordsByCommit asks the index once for a commit whose answer is still being read, and again after a failed read', async () => {
    const path = join(dir, 'ahead.jsonl');
    const record = (sha: string, n: number): ChangeRecord => ({
      schema: 'changetrail/change', version: 1, id: IDS[n], createdAt: new Date(Date.UTC(2025, 0, 1, n)).toISOString(), tickets: [], title: `r${n}`, description: '', reason: '', systems: [], author: person,
      commits: [{ sha, subject: 's' }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
    });
    writeFileSync(path, [record(SHAS[0], 0), record(SHAS[1], 1), record(SHAS[2], 2)].map((e) => `${serializeEntry(e)}\n`).join(''));
    const index = new LogIndex(path, silentLogger);
    const asked: string[][] = [];
    let failNext = false;
    const counted = Object.create(index) as LogIndex;
    counted.refresh = () => index.refresh();
    counted.bestForCommits = (shas, options) => {
      asked.push([...shas]);
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('the log could not be read'));
      }
      return index.bestForCommits(shas, options);
    };
    // A page's first commits asked as they arrive, then the whole page while that answer is read.
    const early = recordsByCommit(counted, SHAS.slice(0, 2));
    const page = await recordsByCommit(counted, SHAS.slice(0, 3));
    assert.deepEqual([...(await early)].map(([sha, r]) => [sha, r.title]), [[SHAS[0], 'r0'], [SHAS[1], 'r1']]);
    assert.deepEqual([...page].map(([sha, r]) => [sha, r.title]), [[SHAS[0], 'r0'], [SHAS[1], 'r1'], [SHAS[2], 'r2']]);
    assert.deepEqual(asked, [SHAS.slice(0, 2), [SHAS[2]]]);
    // A failed read is not kept as an answer.
    failNext = true;
    await assert.rejects(recordsByCommit(counted, [SHAS[3]]));
    assert.equal((await recordsByCommit(counted, [SHAS[3]])).size, 0);
    assert.deepEqual(asked.slice(2), [[SHAS[3]], [SHAS[3]]]);
  });

  it('bestForCommits answers for more commits than the index keeps parsed (4,096), and for commits whose records it kept', async () => {
    const path = join(dir, 'many.jsonl');
    const shas = Array.from({ length: 5000 }, (_, i) => `${i.toString(16).padStart(7, '0')}${'a'.repeat(33)}`);
    const records = shas.map((sha, i): ChangeRecord => {
      const createdAt = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      return { schema: 'changetrail/change', version: 1, id: ulid(Date.parse(createdAt)), createdAt, tickets: [], title: `r${i}`, description: '', reason: '', systems: [], author: person, commits: [{ sha, subject: 's' }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production' };
    });
    writeFileSync(path, records.map((e) => `${serializeEntry(e)}\n`).join(''));
    const index = new LogIndex(path, silentLogger);
    assert.equal((await index.bestForCommits(shas.slice(0, 4096))).size, 4096);
    // All of them in one question: more than the cache holds, read while it drops the oldest.
    const all = await index.bestForCommits(shas);
    assert.equal(all.size, 5000);
    assert.equal(all.get(shas[4999])?.title, 'r4999');
    // One record kept from before, asked with a hundred new ones that push it out of the cache.
    const mixed = await index.bestForCommits([shas[4999], ...shas.slice(100, 200)]);
    assert.equal(mixed.size, 101);
    assert.equal(mixed.get(shas[4999])?.title, 'r4999');
  });

  it('entriesForRange reads the deployments of only the records a commit could take by ticket', async () => {
    const path = join(dir, 'shipped.jsonl');
    const record = (id: string, sha: string, tickets: string[]): ChangeRecord => ({
      schema: 'changetrail/change', version: 1, id, createdAt: '2025-01-01T00:00:00.000Z', tickets, title: id, description: '', reason: '', systems: [], author: person,
      commits: [{ sha, subject: 's' }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
    });
    const shipped = (id: string, records: string[]): DeploymentRecord => ({ schema: 'changetrail/deployment', version: 1, id, createdAt: '2025-01-02T00:00:00.000Z', environment: 'production', commit: 'abcdef1', by: person, records });
    writeFileSync(path, [record(IDS[0], SHAS[0], ['PROJ-1']), record(IDS[1], SHAS[1], ['PROJ-2']), shipped(IDS[2], [IDS[0]]), shipped(IDS[3], [IDS[1]])].map((e) => `${serializeEntry(e)}\n`).join(''));
    const index = new LogIndex(path, silentLogger);
    const range = (sha: string, tickets: string[]): RangeCommit => ({ sha, subject: 's', author: 'Ana', date: '2025-01-01T00:00:00Z', tickets });
    const kinds = (entries: readonly LogEntry[]) => entries.map((e) => `${e.schema.slice(12)} ${e.id.slice(5, 7)}`).sort();
    // Every commit has its record: no deployment is read (a note's 100 were, before).
    assert.deepEqual(kinds(await entriesForRange(index, [range(SHAS[0], ['PROJ-1']), range(SHAS[1], ['PROJ-2'])], 'production')), ['change 00', 'change 01']);
    // A commit without one, sharing PROJ-2: the deployment that shipped PROJ-2's record is read, not PROJ-1's.
    assert.deepEqual(kinds(await entriesForRange(index, [range(SHAS[0], ['PROJ-1']), range(SHAS[2], ['PROJ-2'])], 'production')), ['change 00', 'change 01', 'deployment 03']);
  });

  it('latestDeployments gives the newest of each environment under its configured name', async () => {
    const path = join(dir, 'deployments.jsonl');
    const d = (id: string, hour: number, environment: string): LogEntry => ({ schema: 'changetrail/deployment', version: 1, id, createdAt: new Date(Date.UTC(2025, 0, 1, hour)).toISOString(), environment, commit: 'abcdef1', by: person, records: [] });
    writeFileSync(path, [d(IDS[0], 1, 'production'), d(IDS[1], 3, ' Production'), d(IDS[2], 2, 'production'), d(IDS[3], 1, 'staging')].map((e) => `${serializeEntry(e)}\n`).join(''));
    const latest = await latestDeployments(new LogIndex(path, silentLogger), ['production', 'staging', 'qa']);
    assert.deepEqual(latest.map((x) => [x.id, x.environment]), [[IDS[1], 'production'], [IDS[3], 'staging']]);
  });

  // recordsByCommit keeps its answers while the index's version() stays the same: an append, an
  // amendment or a rewrite of the log (even to as many lines) must give fresh answers.
  it('recordsByCommit answers as the whole log does after every append and rewrite', async () => {
    let run = 0;
    const step = fc.oneof(fc.record({ append: fc.uniqueArray(change, { maxLength: 4, selector: (e) => e.id }) }), fc.record({ rewrite: fc.uniqueArray(change, { maxLength: 8, selector: (e) => e.id }) }));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(change, { maxLength: 8, selector: (e) => e.id }), fc.array(step, { maxLength: 5 }), async (first, steps) => {
        const path = join(dir, `newest-${run++}.jsonl`);
        writeFileSync(path, first.map((e) => `${serializeEntry(e)}\n`).join(''));
        const index = new LogIndex(path, silentLogger);
        const asked = [...SHAS, SHAS[0].toUpperCase(), '7777777'];
        for (const next of [undefined, ...steps]) {
          if (next && 'append' in next) appendFileSync(path, next.append.map((e) => `${serializeEntry(e)}\n`).join(''));
          if (next && 'rewrite' in next) writeFileSync(path, next.rewrite.map((e) => `${serializeEntry(e)}\n`).join(''));
          const found = await recordsByCommit(index, asked);
          const expected = await newestFromWholeLog(path, asked);
          assert.deepEqual([...found].map(([sha, r]) => [sha, r.id]), [...expected].map(([sha, r]) => [sha, r.id]));
        }
      }),
      { numRuns: 150 },
    );
  });
});

/** The reference: over readLog's entries, the newest (by createdAt, then the later line) current change record naming each sha. */
async function newestFromWholeLog(path: string, shas: readonly string[]): Promise<Map<string, ChangeRecord>> {
  const entries = (await readLog(path, silentLogger)).entries;
  const changes = entries.map((e, line) => ({ e, line })).filter((x): x is { e: ChangeRecord; line: number } => x.e.schema === 'changetrail/change');
  const first = new Map<string, ChangeRecord>();
  for (const { e } of changes) if (!first.has(e.id)) first.set(e.id, e);
  const amended = (x: ChangeRecord) => changes.some(({ e }) => supersedesEffectively(e, x, (id) => (id === x.id ? x : first.get(id))));
  const current = changes.filter(({ e }) => !amended(e)).sort((a, b) => Date.parse(b.e.createdAt) - Date.parse(a.e.createdAt) || b.line - a.line);
  const out = new Map<string, ChangeRecord>();
  for (const sha of shas) {
    const hit = current.find(({ e }) => e.commits.some((c) => sameCommit(c.sha, sha)));
    if (hit) out.set(sha, hit.e);
  }
  return out;
}

