// bench/gate: `changetrail gate --env production` (the deploy step's go/no-go, run in CI before
// every deployment) in a fresh process, and `export --since 90d` and `metrics --month` beside it, over the 80,000-commit bench repository (bench/makeBigRepo)
// and a 1,000,000-record change log naming its commits (bench/makeBigLog: production a few hundred
// commits behind staging, so the gate has a range, records and an earlier environment to check),
// beside its floor in the same run: a fresh process reading the log in chunks (readBlocks, no
// parsing). Both are timed as whole processes (start-up included), best of 3. The log sits in a
// shared clone of the repository, so the index is kept in the clone's .git between processes
// (indexSidecar.ts): the first process ever is printed apart. BENCH_RECORDS changes the log size;
// BENCH_WHOLE=1 also times the whole-log parse (readLog) the gate did before, once.
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureBigLog, LOG_END } from './makeBigLog.mjs';
import { ensureBigRepo } from './makeBigRepo.mjs';

const RUNS = 3;

if (process.argv[2] === '--phase') {
  const core = createRequire(import.meta.url)(process.argv[4]);
  const path = process.argv[5];
  if (process.argv[3] === 'floor') {
    let lines = 0;
    await core.readBlocks(path, (block) => {
      for (let at = block.indexOf(10); at >= 0; at = block.indexOf(10, at + 1)) lines++;
    });
    process.stdout.write(JSON.stringify({ lines }));
  } else {
    const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
    const { entries } = await core.readLog(path, silent);
    process.stdout.write(JSON.stringify({ lines: entries.length, rss: process.memoryUsage().rss }));
  }
  process.exit(0);
}

const N = Number(process.env.BENCH_RECORDS || 1_000_000);
const work = mkdtempSync(join(tmpdir(), 'changetrail-bench-gate-'));
try {
  execFileSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'ignore' });
  const cli = resolve('dist/cli.js');
  const lib = join(work, 'lib.cjs');
  await esbuild.build({
    stdin: {
      contents: ["export { readBlocks } from './src/core/records/changeLogReader';", "export { readLog, serializeEntry } from './src/core/records/changeLog';"].join('\n'),
      resolveDir: resolve('.'),
      loader: 'ts',
    },
    bundle: true, platform: 'node', format: 'cjs', outfile: lib, logLevel: 'error',
  });
  const core = createRequire(import.meta.url)(lib);
  const big = await ensureBigRepo({ log: () => undefined });
  const { path: bigLog } = ensureBigLog(big, { records: N, serializeEntry: core.serializeEntry, log: () => undefined });
  // A clone sharing the bench repository's objects, with the team's config and the log in it.
  const repo = join(work, 'repo');
  execFileSync('git', ['clone', '-q', '--no-checkout', '--shared', big, repo]);
  mkdirSync(join(repo, '.changetrail'));
  writeFileSync(join(repo, '.changetrail', 'config.json'), JSON.stringify({ environments: ['staging', 'production'], systems: [{ name: 'billing', paths: ['src/mod0*/**'], criticality: 'high' }], freeze: { timeZone: 'UTC' } }));
  const logPath = join(repo, '.changetrail', 'changes.jsonl');
  copyFileSync(bigLog, logPath);
  const bytes = statSync(logPath).size;
  const now = new Date(LOG_END + 3_600_000).toISOString();
  const timed = (args, options = {}) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', ...args], { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
    const ms = performance.now() - t;
    if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return { ms, out: r.stdout };
  };
  const best = (runs) => runs.sort((a, b) => a.ms - b.ms)[0];
  const floor = best(Array.from({ length: RUNS }, () => timed([fileURLToPath(import.meta.url), '--phase', 'floor', lib, logPath])));
  const gate = () => timed([cli, 'gate', '--env', 'production', '--format', 'json'], { cwd: repo, env: { ...process.env, CHANGETRAIL_NOW: now } });
  const first = gate(); // no saved index yet: skims every line, then saves it in the clone's .git
  const fresh = best(Array.from({ length: RUNS }, gate));
  const decision = JSON.parse(fresh.out);
  const row = (label, r) => `  ${label.padEnd(56)} ${r.ms.toFixed(0).padStart(7)} ms  ${(r.ms / floor.ms).toFixed(2).padStart(6)}x floor`;
  console.log(`bench/gate (${N.toLocaleString('en')} records, ${(bytes / 1024 / 1024).toFixed(0)} MB; repository ${big})`);
  console.log(row('floor: a process reading the log in 8 MB chunks', floor));
  console.log(row('gate, first process ever (skims the log, saves the index)', first));
  console.log(row('gate --env production (a new process, as in CI)', fresh));
  console.log(`  the gate said "${decision.decision}" over ${decision.range?.commits.length ?? 0} commits: ${decision.rules.map((r) => `${r.rule} ${r.verdict}`).join(', ')}`);
  const cliRun = (...args) => best(Array.from({ length: 2 }, () => timed([cli, ...args], { cwd: repo, env: { ...process.env, CHANGETRAIL_NOW: now } })));
  const month = new Date(LOG_END - 30 * 86_400_000).toISOString().slice(0, 7);
  const metrics = cliRun('metrics', '--month', month, '--tz', 'UTC', '--format', 'json');
  console.log(`${row(`metrics --month ${month} (a new process)`, metrics)}  ${JSON.parse(metrics.out).reports[0].deployments} deployments`);
  const exported = cliRun('export', '--since', '90d', '--tz', 'UTC', '--format', 'jsonl');
  console.log(`${row('export --since 90d --format jsonl (a new process)', exported)}  ${exported.out.split('\n').length - 1} rows`);
  if (process.env.BENCH_WHOLE) {
    const whole = timed([fileURLToPath(import.meta.url), '--phase', 'whole', lib, logPath]);
    console.log(`${row('before: the whole-log parse alone (readLog)', whole)}  ${(JSON.parse(whole.out).rss / 1024 / 1024).toFixed(0)} MB RSS`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
