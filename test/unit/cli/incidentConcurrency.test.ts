import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LogEntry, logEntrySchema } from '../../../src/core/records/changeRecord';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

const cli = join(projectRoot(), 'dist', 'cli.js');

describe('incident update/resolve from processes running at once (built dist/cli.js)', function () {
  this.timeout(120_000);
  let repo: TestRepo;
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: repo.path, env: testGitEnv({ CHANGETRAIL_NOW: '2026-11-30T06:10:00Z' }) });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
      child.stdin.end('');
    });
  const log = (): LogEntry[] => readFileSync(join(repo.path, '.changetrail', 'changes.jsonl'), 'utf8').trim().split('\n').map((l) => logEntrySchema.parse(JSON.parse(l)));

  beforeEach(() => (repo = createTestRepo()));
  afterEach(() => repo.dispose());

  it('six updates at once: each supersedes the one before (no fork), every note kept', async () => {
    assert.equal((await run(['incident', 'open', '--title', 'Checkout down', '--no-post'])).code, 0);
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => run(['incident', 'update', 'latest', '--note', `note ${n}`])));
    for (const r of results) assert.equal(r.code, 0, r.err);
    const records = log().filter((e) => e.schema === 'changetrail/incident');
    const named = records.flatMap((e) => (e.supersedes ? [e.supersedes] : []));
    assert.equal(new Set(named).size, named.length, 'two records supersede the same state: the incident forked');
    const resolved = await run(['incident', 'resolve', 'latest', '--fix', 'rollback', '--cause', 'unknown', '--no-post']);
    assert.equal(resolved.code, 0, resolved.err);
    const last = log().at(-1) as LogEntry & { notes?: string; status: string };
    assert.equal(last.status, 'resolved');
    for (const n of [1, 2, 3, 4, 5, 6]) assert.match(last.notes ?? '', new RegExp(`note ${n}`));
  });
});
