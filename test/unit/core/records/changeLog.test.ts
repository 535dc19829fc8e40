import * as assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ChangeTrailError } from '../../../../src/core/errors';
import type { Logger } from '../../../../src/core/log';
import { appendEntry, changeLogPath, readLog } from '../../../../src/core/records/changeLog';
import { queryLog } from '../../../../src/core/records/changeLogQuery';
import type { ChangeRecord, DeploymentRecord, LogEntry } from '../../../../src/core/records/changeRecord';
import { ulid } from '../../../../src/core/records/ulid';
import { createTestRepo } from '../../../helpers/createTestRepo';
import { projectRoot } from '../../../helpers/projectRoot';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

function change(at: number, overrides: Partial<ChangeRecord> = {}): ChangeRecord {
  return {
    schema: 'changetrail/change', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(),
    tickets: ['PROJ-1'], title: 'Fix login timeout', description: '', reason: 'customers locked out',
    systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, commits: [{ sha: 'abc1234', subject: 'PROJ-1: fix' }],
    changedFiles: ['src/auth/login.ts'], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
    ...overrides,
  };
}

function deployment(at: number, records: string[] = []): DeploymentRecord {
  return { schema: 'changetrail/deployment', version: 1, id: ulid(at), createdAt: new Date(at).toISOString(), environment: 'production', commit: 'abcdef1', by: { name: 'Ana Ruiz', email: 'ana@example.com' }, records };
}

function recorder(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = () => undefined;
  return { warnings, trace: none, debug: none, info: none, warn: (m: string) => void warnings.push(m), error: none };
}

const lines = (path: string) => readFileSync(path, 'utf8').split('\n');
const ids = (entries: readonly LogEntry[]) => entries.map((e) => e.id);

describe('change log', () => {
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-changelog-'));
    log = join(dir, 'shared', 'changes.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends and reads back entries in order, each line starting schema, version, id, createdAt', async () => {
    const a = change(START);
    const b = deployment(START + 1000, [a.id]);
    await appendEntry(log, a);
    await appendEntry(log, b);
    const logger = recorder();
    assert.deepEqual(await readLog(log, logger), { entries: [a, b], problems: [] });
    assert.deepEqual(logger.warnings, []);
    const [first, second, after] = lines(log);
    assert.ok(first.startsWith(`{"schema":"changetrail/change","version":1,"id":"${a.id}","createdAt":"${a.createdAt}",`), first);
    assert.ok(second.startsWith(`{"schema":"changetrail/deployment","version":1,"id":"${b.id}","createdAt":`), second);
    assert.equal(after, '', 'the file ends with a newline');
  });

  it('writes to .changetrail/changes.jsonl in a repository, creating the folder; a missing log reads as empty', async () => {
    const repo = createTestRepo();
    try {
      const path = changeLogPath(repo.path);
      assert.equal(path, join(repo.path, '.changetrail', 'changes.jsonl'));
      assert.deepEqual(await readLog(path, recorder()), { entries: [], problems: [] });
      assert.deepEqual(await queryLog(path, { file: 'a.ts' }, recorder()), { entries: [], problems: [] });
      await appendEntry(path, change(START));
      assert.equal((await readLog(path, recorder())).entries.length, 1);
      assert.equal(changeLogPath(repo.path, '/mnt/share/changes.jsonl', ['/mnt/share']), '/mnt/share/changes.jsonl', 'a shared folder the user allowed');
    } finally {
      repo.dispose();
    }
  });

  it('refuses an invalid entry with a ChangeTrailError naming the field, before touching the file', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...change(START), version: 2 }, /version: expected 1, got 2/],
      [{ ...change(START), title: '' }, /title: too short/],
      [{ ...change(START), id: 'not-a-ulid' }, /id: expected a ULID, got "not-a-ulid"/],
      [{ ...deployment(START), commit: 'main' }, /commit: expected a commit sha/],
      [{ ...change(START), schema: 'changetrail/other' }, /schema: not a known record type/],
      [{ ...change(START), author: { name: 'Ana' } }, /author\.email: expected string, got nothing/],
    ];
    for (const [entry, message] of cases) {
      await assert.rejects(appendEntry(log, entry as LogEntry), (error: unknown) => error instanceof ChangeTrailError && message.test(error.message));
    }
    assert.equal(existsSync(log), false);
  });

  it('skips a torn last line with a warning; the next append starts on a fresh line and every record stays readable', async () => {
    const a = change(START);
    const b = change(START + 1000, { title: 'Second' });
    await appendEntry(log, a);
    await appendEntry(log, b);
    appendFileSync(log, '{"schema":"changetrail/change","version":1,"id":"01J'); // a writer died mid-line
    const logger = recorder();
    assert.deepEqual(await readLog(log, logger), { entries: [a, b], problems: [] });
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /changes\.jsonl:3: skipped an incomplete last line/);

    const c = deployment(START + 2000, [a.id, b.id]);
    await appendEntry(log, c);
    assert.equal(lines(log)[3], JSON.stringify(c), 'the new record has a line of its own');
    const after = await readLog(log, recorder());
    assert.deepEqual(after.entries, [a, b, c]);
    assert.deepEqual(after.problems, [{ line: 3, message: 'not valid JSON (a torn or hand-edited line)' }]);
  });

  it('skips and reports bad lines in the middle by line number and field, never throwing or rewriting', async () => {
    const good = [change(START), change(START + 1), change(START + 2)];
    const v2 = { ...change(START + 3), version: 2 };
    const text = [
      JSON.stringify(good[0]),
      'this is not json',
      JSON.stringify(v2),
      '',
      JSON.stringify(good[1]),
      JSON.stringify({ ...change(START + 4), schema: 'changetrail/incident' }),
      JSON.stringify({ ...deployment(START + 5), records: 'none' }),
      '[1, 2]',
      JSON.stringify(good[2]),
      '',
    ].join('\n');
    const path = join(dir, 'damaged.jsonl');
    writeFileSync(path, text);
    const logger = recorder();
    const result = await readLog(path, logger);
    assert.deepEqual(ids(result.entries), ids(good));
    assert.deepEqual(result.problems, [
      { line: 2, message: 'not valid JSON (a torn or hand-edited line)' },
      { line: 6, message: 'incidentId: expected string, got nothing (and 7 more)' },
      { line: 7, message: 'records: expected array, got "none"' },
      { line: 8, message: 'entry: expected object, got [1,2]' },
    ]);
    // A record of a version this build does not know is a newer writer's, kept aside: not damage.
    assert.deepEqual(result.newer?.map((n) => [n.line, n.schema, n.version]), [[3, 'changetrail/change', 2]]);
    assert.equal(logger.warnings.length, 2, 'one summary of bad lines, one of newer records, not one warning per line');
    assert.match(logger.warnings[0], /skipped 4 bad lines: line 2: .*; and 1 more/);
    assert.match(logger.warnings[1], /1 record was written by a newer ChangeTrail \(changetrail\/change version 2\)/);
    assert.equal(readFileSync(path, 'utf8'), text);
  });

  it('keeps a record written right after a torn fragment on the same line, and reads lines longer than a read chunk', async () => {
    const glued = change(START + 1);
    const huge = change(START + 2, { description: 'x'.repeat(9 * 1024 * 1024) });
    writeFileSync(join(dir, 'glued.jsonl'), `{"schema":"changetrail/change","vers${JSON.stringify(glued)}\n`);
    assert.deepEqual(await readLog(join(dir, 'glued.jsonl'), recorder()), {
      entries: [glued],
      problems: [{ line: 1, message: 'not valid JSON (a torn or hand-edited line); the record after the fragment was kept' }],
    });
    await appendEntry(log, change(START));
    await appendEntry(log, huge);
    await appendEntry(log, change(START + 3));
    const result = await readLog(log, recorder());
    assert.equal(result.entries.length, 3);
    assert.equal((result.entries[1] as ChangeRecord).description.length, 9 * 1024 * 1024);
  });

  describe('queryLog', () => {
    const all: ChangeRecord[] = [];
    const path = () => join(dir, 'query.jsonl');
    beforeEach(async () => {
      all.length = 0;
      for (let day = 0; day < 30; day++) {
        all.push(change(START + day * DAY, { tickets: [`PROJ-${day}`, 'OPS-7'], changedFiles: [`src/day${day % 3}.ts`, 'config/app.json'] }));
      }
      writeFileSync(path(), all.map((e) => `${JSON.stringify(e)}\n`).join(''));
      appendFileSync(path(), `${JSON.stringify(deployment(START + 5 * DAY, [all[5].id]))}\n`);
    });
    const query = async (q: Parameters<typeof queryLog>[1]) => ids((await queryLog(path(), q, recorder())).entries);

    it('finds changes to a file, exactly', async () => {
      assert.deepEqual(await query({ file: 'src/day1.ts' }), ids(all.filter((_, day) => day % 3 === 1)));
      assert.deepEqual(await query({ file: './src\\day1.ts' }), await query({ file: 'src/day1.ts' }));
      assert.deepEqual(await query({ file: 'src/day' }), []);
    });

    it('finds entries in [since, until), changes and deployments alike', async () => {
      const found = await query({ since: new Date(START + 4 * DAY), until: new Date(START + 7 * DAY) });
      assert.equal(found.length, 4);
      assert.deepEqual(found.slice(0, 3), ids(all.slice(4, 7)));
      assert.deepEqual(await query({ since: new Date(START + 28 * DAY) }), ids(all.slice(28)));
      assert.deepEqual(await query({ until: new Date(START + DAY) }), ids(all.slice(0, 1)));
    });

    it('finds changes by ticket (PROJ-2 is not PROJ-20), and combines conditions', async () => {
      assert.deepEqual(await query({ ticket: 'PROJ-2' }), [all[2].id]);
      assert.deepEqual(await query({ ticket: 'OPS-7' }), ids(all));
      const combined = await query({ file: 'src/day2.ts', ticket: 'OPS-7', since: new Date(START + 10 * DAY), until: new Date(START + 20 * DAY) });
      assert.deepEqual(combined, ids([all[11], all[14], all[17]]));
    });

    it('judges lines another writer laid out differently after parsing, and reports bad candidates', async () => {
      const { schema, id, createdAt, ...rest } = change(START + 3 * DAY, { changedFiles: ['src/other.ts'] });
      const reordered = { ...rest, createdAt: createdAt.replace('Z', '+00:00'), id, schema };
      appendFileSync(path(), `${JSON.stringify(reordered)}\n{"changedFiles":["src/other.ts"]}\n`);
      const result = await queryLog(path(), { file: 'src/other.ts', since: new Date(START + 3 * DAY), until: new Date(START + 4 * DAY) }, recorder());
      assert.deepEqual(ids(result.entries), [id]);
      assert.deepEqual(result.problems, [{ line: 33, message: 'schema: not a known record type, got nothing' }]);
      await assert.rejects(queryLog(path(), { since: new Date('nonsense') }, recorder()), /"since" is not a valid date/);
    });
  });

  describe('concurrent writers (child processes)', () => {
    const root = projectRoot();
    const worker = join(root, 'out', 'test', 'fixtures', 'records', 'appendWorker.js');

    before(() => {
      // The worker runs as its own process, so it is bundled on its own, here if the build did not.
      const source = join(root, 'test', 'fixtures', 'records', 'appendWorker.ts');
      const inputs = [source, ...readdirSync(join(root, 'src', 'core', 'records')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'src', 'core', 'records', f))];
      const newest = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
      if (existsSync(worker) && statSync(worker).mtimeMs >= newest) return;
      const options = { entryPoints: [source], outfile: worker, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' };
      execFileSync(process.execPath, ['-e', `require('esbuild').buildSync(${JSON.stringify(options)})`], { cwd: root, stdio: 'inherit' });
    });

    const start = (args: string[]): ChildProcess => spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = (child: ChildProcess) =>
      new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

    it('4 processes x 10,000 appends give 40,000 valid, unique records: none torn, lost or duplicated', async function () {
      this.timeout(90_000); // 12-20 s on 2 cores: an fsync per record dominates
      const writers = ['w0', 'w1', 'w2', 'w3'];
      const children = writers.map((w) => start([log, '10000', w]));
      const errors = children.map((child) => {
        const text: string[] = [];
        child.stdout?.resume();
        child.stderr?.on('data', (d: Buffer) => text.push(d.toString()));
        return text;
      });
      const codes = await Promise.all(children.map(exited));
      assert.deepEqual(codes, [0, 0, 0, 0], errors.flat().join(''));

      const raw = lines(log);
      assert.equal(raw.pop(), '', 'the file ends with a newline');
      assert.equal(raw.length, 40_000, 'one line per record, no empty or extra lines');
      const logger = recorder();
      const { entries, problems } = await readLog(log, logger);
      assert.deepEqual([problems, logger.warnings], [[], []]);
      assert.equal(entries.length, 40_000);
      assert.equal(new Set(ids(entries)).size, 40_000);
      for (const w of writers) {
        const notes = entries.filter((e) => e.schema === 'changetrail/deployment' && e.by.name === w).map((e) => (e as DeploymentRecord).note);
        assert.deepEqual(notes, Array.from({ length: 10_000 }, (_, i) => `${w}:${i}`), `${w}: every record once, in its order`);
      }
    });

    it('writers killed with SIGKILL mid-stream leave every acknowledged record readable, at most a torn last line', async function () {
      this.timeout(60_000);
      let torn = 0;
      for (const writer of ['k0', 'k1', 'k2', 'k3', 'k4']) {
        // Megabyte records keep a writer inside write() for a while, so some kills land mid-line.
        const child = start([log, '100000', writer, String(1024 * 1024), 'progress']);
        let acknowledged = 0;
        await new Promise<void>((resolve, reject) => {
          child.stdout?.on('data', (d: Buffer) => {
            acknowledged = Number(d.toString().trim().split('\n').pop());
            if (acknowledged >= 3) resolve();
          });
          child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
        });
        // A random pause puts the kill anywhere in an append: validating, writing or syncing.
        await delay(Math.random() * 10);
        child.kill('SIGKILL');
        await exited(child);

        const logger = recorder();
        const { entries, problems } = await readLog(log, logger);
        // At most this writer's torn last line, and one line summing up the torn lines earlier writers left.
        const tornLast = logger.warnings.filter((w) => w.includes('skipped an incomplete last line'));
        const earlier = logger.warnings.filter((w) => /skipped \d+ bad lines?:/.test(w));
        assert.ok(tornLast.length <= 1 && earlier.length === (torn > 0 ? 1 : 0) && logger.warnings.length === tornLast.length + earlier.length, logger.warnings.join('\n'));
        // A torn line left by an earlier writer now sits in the middle: reported, never fatal.
        assert.deepEqual(problems.map((p) => p.message), Array(torn).fill('not valid JSON (a torn or hand-edited line)'));
        const notes = entries.filter((e) => e.schema === 'changetrail/deployment' && e.by.name === writer).map((e) => (e as DeploymentRecord).note?.split(' ')[0]);
        assert.ok(notes.length >= acknowledged, `${writer}: ${notes.length} readable, ${acknowledged} acknowledged`);
        assert.deepEqual(notes, Array.from({ length: notes.length }, (_, i) => `${writer}:${i}`));
        torn += tornLast.length;
      }

      const before = (await readLog(log, recorder())).entries;
      const next = change(Date.now());
      await appendEntry(log, next);
      const after = await readLog(log, recorder());
      assert.deepEqual(ids(after.entries), [...ids(before), next.id]);
    });
  });
});
