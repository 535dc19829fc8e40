import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestRepo, createTestRepo } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';
import { change, deployment } from '../../fixtures/metrics/metricsFixtures';

const cli = join(projectRoot(), 'dist', 'cli.js');
const TUESDAY = '2026-12-01T10:00:00Z';

// The team config puts the log on a share; this machine allows the share in CHANGETRAIL_SHARED_LOG_FOLDERS.
// Every command that reads or writes the log must find it there: `note` and `changed` did, while
// `record`, `gate`, `export`, `metrics` and `board` refused it as "outside the repository".
describe('CHANGETRAIL_SHARED_LOG_FOLDERS: every CLI reader and writer agrees on the shared log', () => {
  let share: string;
  let repo: TestRepo;
  let sha: string;
  const logOnShare = () => join(share, 'changes.jsonl');
  const run = (env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: repo.path, encoding: 'utf8', env: { ...process.env, CHANGETRAIL_NOW: TUESDAY, ...env } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const allowed = () => ({ CHANGETRAIL_SHARED_LOG_FOLDERS: share });

  beforeEach(() => {
    share = mkdtempSync(join(tmpdir(), 'changetrail-share-'));
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify({ environments: ['production'], freeze: { timeZone: 'UTC' }, records: { log: { path: logOnShare() } } }) });
    sha = repo.commit('Billing: round invoices', { 'billing/round.ts': 'x' });
    const r1 = change({ at: '2026-11-20T09:00:00Z', commits: [{ sha, subject: 'Billing: round invoices' }] });
    appendFileSync(logOnShare(), [r1, deployment('2026-11-21T10:00:00Z', [r1], { commit: sha })].map((e) => `${JSON.stringify(e)}\n`).join(''));
  });
  afterEach(() => {
    repo.dispose();
    rmSync(share, { recursive: true, force: true });
  });

  it('record writes the manual change to the shared log, not into the repository', () => {
    const r = run(allowed(), 'record', '--system', 'POS', '--title', 'Scanner driver 4.2', '--why', 'new scanners', '--rollback', 'reinstall 4.1');
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(logOnShare(), 'utf8'), /Scanner driver 4\.2/);
    assert.equal(existsSync(join(repo.path, '.changetrail', 'changes.jsonl')), false);
  });

  it('gate reads the shared log (production runs the recorded commit: go)', () => {
    const r = run(allowed(), 'gate', '--env', 'production', '--format', 'json');
    assert.doesNotMatch(r.err, /outside the repository/);
    assert.equal(JSON.parse(r.out).decision, 'go', r.out);
    assert.equal(r.code, 0);
  });

  it('export reads the shared log (findLogSources)', () => {
    const out = mkdtempSync(join(tmpdir(), 'changetrail-share-export-'));
    try {
      const r = run(allowed(), 'export', '--format', 'jsonl', '--out', out);
      assert.equal(r.code, 0, r.err);
      const rows = readdirSync(out).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readFileSync(join(out, f), 'utf8').trim().split('\n'));
      assert.equal(rows.length, 2, rows.join('\n'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('without the variable every one of them refuses the share with the same one-line error, exit 2', () => {
    for (const args of [['record', '--system', 'POS', '--title', 't', '--why', 'w', '--rollback', 'r'], ['gate', '--env', 'production'], ['export', '--out', join(share, 'x')], ['note', '--env', 'production'], ['digest']]) {
      const r = run({ CHANGETRAIL_SHARED_LOG_FOLDERS: '' }, ...args);
      assert.equal(r.code, 2, `${args[0]}: ${r.err}`);
      assert.match(r.err, /leads outside the repository.*CHANGETRAIL_SHARED_LOG_FOLDERS/, args[0]);
    }
    assert.equal(readFileSync(logOnShare(), 'utf8').trim().split('\n').length, 2, 'nothing was written');
  });
});

describe('the CLI finds the change log in one place (cliLogPath)', () => {
  it('no CLI file but cliLogPath.ts calls changeLogPath itself (a second call would forget the shared folders)', () => {
    const dir = join(projectRoot(), 'src', 'cli');
    const callers = (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts') && f !== 'cliLogPath.ts')
      .filter((f) => /\bchangeLogPath\s*\(/.test(readFileSync(join(dir, f), 'utf8')));
    assert.deepEqual(callers, []);
  });
});
