import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../../../src/core/log';
import { appendEntry, serializeEntry } from '../../../../../src/core/records/changeLog';
import type { ChangeRecord, DeploymentRecord, IncidentRecord } from '../../../../../src/core/records/changeRecord';
import { closeChangeLogIndex, openChangeLogIndex } from '../../../../../src/core/records/index/openChangeLogIndex';
import { LogIndex } from '../../../../../src/core/records/index/logIndex';
import { ulid } from '../../../../../src/core/records/ulid';

const START = Date.UTC(2025, 2, 1);
const HOUR = 3_600_000;

function change(hour: number, overrides: Partial<ChangeRecord> = {}): ChangeRecord {
  const at = START + hour * HOUR;
  return {
    schema: 'changetrail/change', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), tickets: ['PROJ-1'], title: `change ${hour}`,
    description: '', reason: 'why', systems: [{ name: 'billing', criticality: 'high' }], author: { name: 'Ana', email: 'ana@example.com' }, branch: 'feature/a',
    commits: [{ sha: `${String(hour).padStart(7, '0')}abcdef`, subject: 'fix' }], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production', ...overrides,
  };
}

function deployment(hour: number, environment = 'production'): DeploymentRecord {
  const at = START + hour * HOUR;
  return { schema: 'changetrail/deployment', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), environment, commit: 'abcdef1', by: { name: 'Ana', email: 'ana@example.com' }, records: [] };
}

function incident(hour: number, incidentId: string | undefined, supersedes: string | undefined, status: IncidentRecord['status']): IncidentRecord {
  const at = START + hour * HOUR;
  const id = ulid(at);
  return {
    schema: 'changetrail/incident', version: 1, id, incidentId: incidentId ?? id, ...(supersedes ? { supersedes } : {}), createdAt: new Date(at).toISOString(), title: 'Checkout down',
    environment: 'production', systems: ['billing'], detectedAt: new Date(START).toISOString(), impact: 'outage', level: 1, status, responders: [], by: { name: 'Ana', email: 'ana@example.com' }, suspects: [],
  };
}

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = () => undefined;
  return { warnings, trace: none, debug: none, info: none, warn: (m: string) => void warnings.push(m), error: none };
}

const titles = (entries: readonly { schema: string }[]) => entries.map((e) => (e as ChangeRecord).title);
const line = (e: ChangeRecord | DeploymentRecord | IncidentRecord) => `${serializeEntry(e)}\n`;

describe('LogIndex keeps current with the file', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-index-'));
    path = join(dir, 'changes.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('picks up appended records by reading only the appended bytes', async () => {
    writeFileSync(path, line(change(1)) + line(change(2)));
    const index = new LogIndex(path, recorder());
    assert.deepEqual(titles(await index.recordsOfBranch('feature/a')), ['change 2', 'change 1']);
    const before = readFileSync(path).length;
    await appendEntry(path, change(3));
    // Count the bytes the refresh reads: the new line plus the compared tail, never the whole file again.
    const reads: number[] = [];
    // The module object itself (not an import's namespace copy), so the index's calls go through the spy.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fsModule = require('node:fs/promises') as { open: typeof fsPromises.open };
    const original = fsModule.open;
    fsModule.open = (async (...args: Parameters<typeof original>) => {
      const handle = await original(...args);
      const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
      (handle as unknown as { read: unknown }).read = async (...a: unknown[]) => {
        const result = await read(...a);
        reads.push(result.bytesRead);
        return result;
      };
      return handle;
    }) as typeof original;
    // The log stays open between questions (HeldLogHandle): let go of it so the refresh opens it through the spy.
    index.forget();
    try {
      await index.refresh();
    } finally {
      fsModule.open = original;
    }
    const appended = readFileSync(path).length - before;
    assert.ok(reads.length > 0, 'the refresh read nothing');
    assert.ok(reads.reduce((a, b) => a + b, 0) <= appended + 64 * 2, `read ${reads.join('+')} bytes for an append of ${appended}`);
    assert.deepEqual(titles(await index.recordsOfBranch('feature/a', 1)), ['change 3']);
    assert.equal((await index.recordsForCommits(['0000003abcdef'])).length, 1);
  });

  it('re-indexes a log that shrank (a checkout of an older version)', async () => {
    writeFileSync(path, line(change(1)) + line(change(2)) + line(change(3)));
    const index = new LogIndex(path, recorder());
    assert.equal((await index.query({})).length, 3);
    truncateSync(path, Buffer.byteLength(line(change(1))));
    assert.deepEqual(titles(await index.query({})), ['change 1']);
    // And grows again from there without keeping what was cut.
    appendFileSync(path, line(change(4)));
    assert.deepEqual(titles(await index.query({})), ['change 4', 'change 1']);
  });

  it('re-indexes a log rewritten in place to a larger size (a merge or rebase that changed earlier lines)', async () => {
    const first = change(1);
    writeFileSync(path, line(first) + line(change(2)));
    const index = new LogIndex(path, recorder());
    assert.equal((await index.query({})).length, 2);
    // Same inode, same first bytes, different middle and end: only the fingerprint can tell.
    const rewritten = line(first) + line(change(5, { title: 'rewritten' })) + line(change(6));
    const handle = await fsPromises.open(path, 'r+');
    await handle.write(rewritten, 0);
    await handle.close();
    assert.deepEqual(titles(await index.query({})), ['change 6', 'rewritten', 'change 1']);
  });

  it('re-indexes a log replaced by another file (git checkout writes a new one)', async () => {
    writeFileSync(path, line(change(1)) + line(change(2)));
    const index = new LogIndex(path, recorder());
    await index.query({});
    const other = join(dir, 'other.jsonl');
    writeFileSync(other, line(change(7)) + line(change(8)));
    renameSync(other, path);
    assert.deepEqual(titles(await index.query({})), ['change 8', 'change 7']);
  });

  it('reads a replacement that starts with the same lines from the new file, not the one it held open', async () => {
    // git checkout of a branch whose log has more lines: a new file, the same first bytes.
    writeFileSync(path, line(change(1)) + line(change(2)));
    const index = new LogIndex(path, recorder());
    assert.deepEqual(titles(await index.query({})), ['change 2', 'change 1']);
    const other = join(dir, 'other.jsonl');
    writeFileSync(other, line(change(1)) + line(change(2)) + line(change(3, { title: 'only in the new file' })));
    renameSync(other, path);
    assert.deepEqual(titles(await index.query({})), ['only in the new file', 'change 2', 'change 1']);
    assert.equal((await index.recordsForCommits(['0000003abcdef']))[0]?.title, 'only in the new file');
  });

  it('leaves a torn last line for later, logs it once, and reads it when it is finished', async () => {
    const whole = line(change(2));
    writeFileSync(path, line(change(1)) + whole.slice(0, 40));
    const logger = recorder();
    const index = new LogIndex(path, logger);
    assert.deepEqual(titles(await index.query({})), ['change 1']);
    assert.deepEqual(titles(await index.query({})), ['change 1']);
    assert.equal(logger.warnings.filter((w) => w.includes('incomplete last line')).length, 1, logger.warnings.join('\n'));
    assert.match(logger.warnings[0], /changes\.jsonl:2:/);
    assert.deepEqual(index.problems(), []);
    appendFileSync(path, whole.slice(40));
    assert.deepEqual(titles(await index.query({})), ['change 2', 'change 1']);
  });

  it('keeps a record written after a torn fragment (appendEntry starts it on a new line), and reports the fragment', async () => {
    writeFileSync(path, line(change(1)) + line(change(2)).slice(0, 50));
    const index = new LogIndex(path, recorder());
    await index.query({});
    await appendEntry(path, change(3));
    assert.deepEqual(titles(await index.query({})), ['change 3', 'change 1']);
    assert.deepEqual(index.problems().map((p) => p.line), [2]);
  });

  it('reports a line whose createdAt is missing or unreadable when it indexes it, not only once a question reads it', async () => {
    const { createdAt: _gone, ...undated } = change(2);
    writeFileSync(path, line(change(1)) + `${JSON.stringify(undated)}\n` + `${JSON.stringify({ ...change(3), createdAt: 'yesterday' })}\n` + line(change(4)));
    const logger = recorder();
    const index = new LogIndex(path, logger);
    // A question by time never reads those lines: they are reported all the same.
    assert.deepEqual(titles(await index.query({ since: START, until: START + 10 * HOUR })), ['change 4', 'change 1']);
    assert.deepEqual(index.problems().map((p) => p.line), [2, 3]);
    assert.match(index.problems()[0].message, /createdAt/);
    assert.match(index.problems()[1].message, /createdAt/);
    assert.ok(logger.warnings.some((w) => /changes\.jsonl/.test(w)), logger.warnings.join('\n'));
  });

  it('answers only the current version of an amended record unless asked for all', async () => {
    const first = change(1, { tickets: ['PROJ-9'] });
    const amended = change(2, { supersedes: first.id, title: 'amended', tickets: ['PROJ-9'] });
    writeFileSync(path, line(first) + line(change(3)) + line(amended));
    const index = new LogIndex(path, recorder());
    assert.deepEqual(titles(await index.query({ ticket: 'PROJ-9' })), ['amended']);
    assert.deepEqual(titles(await index.query({ ticket: 'PROJ-9', currentOnly: false })), ['amended', 'change 1']);
    assert.deepEqual(titles(await index.recordsForCommits(['0000001abcdef', '0000002'])), ['amended']);
    assert.equal((await index.get(first.id))?.id, first.id, 'get finds a superseded entry too');
  });

  it('gives the latest state of each incident, by detection time', async () => {
    const opened = incident(1, undefined, undefined, 'open');
    const mitigated = incident(2, opened.id, opened.id, 'mitigated');
    const resolved = incident(3, opened.id, mitigated.id, 'resolved');
    const other = incident(4, undefined, undefined, 'open');
    writeFileSync(path, line(opened) + line(deployment(1)) + line(mitigated) + line(resolved) + line(other));
    const index = new LogIndex(path, recorder());
    assert.deepEqual((await index.incidents()).map((i) => i.status).sort(), ['open', 'resolved']);
    assert.deepEqual(await index.incidents({ until: START }), []);
  });

  it('finds deployments per environment, trimmed and case-insensitively, in a time range', async () => {
    writeFileSync(path, line(deployment(1)) + line(deployment(2, ' Production ')) + line(deployment(3, 'staging')) + line(deployment(5)));
    const index = new LogIndex(path, recorder());
    assert.deepEqual((await index.deploymentsOf('PRODUCTION')).map((d) => d.createdAt.slice(11, 13)), ['05', '02', '01']);
    assert.deepEqual((await index.deploymentsOf('production', { since: START + 2 * HOUR, until: START + 5 * HOUR })).map((d) => d.createdAt.slice(11, 13)), ['02']);
  });

  it('shares one index per file, and a missing file reads as empty', async () => {
    closeChangeLogIndex();
    const a = openChangeLogIndex(path, { logger: recorder() });
    assert.equal(openChangeLogIndex(join(dir, '.', 'changes.jsonl'), { logger: recorder() }), a);
    assert.deepEqual(await a.query({}), []);
    writeFileSync(path, line(change(1)));
    assert.equal((await a.query({})).length, 1);
    rmSync(path);
    assert.deepEqual(await a.query({}), []);
    closeChangeLogIndex();
  });

  it('finds the newest few of thousands even when the newest lines turn out invalid', async () => {
    // 5,000 candidates: only the newest few are sorted first; these are all of a newer version, so the rest must be read.
    const good = Array.from({ length: 2000 }, (_, i) => line(change(i / 100, { title: `good ${i}` })));
    const damaged = Array.from({ length: 3000 }, (_, i) => line(change(20 + i / 100)).replace('"version":1', '"version":2'));
    writeFileSync(path, good.join('') + damaged.join(''));
    const index = new LogIndex(path, recorder());
    assert.deepEqual(titles(await index.query({ schema: 'changetrail/change', limit: 2 })), ['good 1999', 'good 1998']);
    assert.deepEqual(titles(await index.query({ limit: 2, order: 'oldest' })), ['good 0', 'good 1']);
    assert.equal(index.problems().length, 0, 'a newer version is no damage');
    assert.equal(index.newer().length, 3000, 'the version-2 lines are kept and counted as written by a newer ChangeTrail');
  });
});
