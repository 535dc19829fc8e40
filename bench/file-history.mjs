// bench/file-history: streamFileHistory on a hot, a twice-renamed and a cold file of an
// 80,000-commit repository (bench/makeBigRepo, cached), beside the same `git log --follow` run
// alone and merely drained, in the same run. Three pairs of runs (BENCH_RUNS), back to back so
// each pair meets the same load on a shared machine, in alternating order; the ratios are medians over the pairs, the
// times medians per side. Node's CPU time is printed too: it is what competes with git on 2 cores.
// Goals: first entry within 50 ms of git's first output; full history within 1.15x of git alone.
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ensureBigRepo, FILES } from './makeBigRepo.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 3);
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const work = mkdtempSync(join(tmpdir(), 'changetrail-bench-history-'));
const out = join(work, 'history.cjs');
await esbuild.build({
  stdin: {
    contents: "export { streamFileHistory } from './src/core/history/fileHistory'; export { HISTORY_FORMAT } from './src/core/history/historyParser'; export { LiveInIndex, deployedHeads } from './src/core/history/liveIn';",
    resolveDir: resolve('.'),
    loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'error',
});
const { streamFileHistory, HISTORY_FORMAT, LiveInIndex, deployedHeads } = createRequire(import.meta.url)(out);
const repo = await ensureBigRepo();

// The command streamFileHistory runs, with the path on the command line instead of stdin.
const gitArgs = (file) => [
  '-c', 'core.quotePath=false', '-c', 'log.showRoot=true', '-c', 'log.showSignature=false', '-c', 'i18n.logOutputEncoding=UTF-8', '-c', 'diff.renames=true',
  '--literal-pathspecs', 'log', '--follow', '--no-color', '--no-ext-diff', '--diff-merges=first-parent', '--name-status', '-z', `--format=${HISTORY_FORMAT}`, 'HEAD', '--', file,
];

function gitAlone(file) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let first;
    let bytes = 0;
    const child = spawn('git', gitArgs(file), { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LC_ALL: 'C', GIT_FLUSH: '1' } });
    child.stdout.on('data', (chunk) => {
      first ??= performance.now() - t0;
      bytes += chunk.length;
    });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done({ first, total: performance.now() - t0, bytes, cpu: cpuMs(cpu0) }) : fail(new Error(`git exited ${code}`))));
  });
}

async function ours(file) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let first;
  const page = await streamFileHistory(repo, file, { onEntry: () => (first ??= performance.now() - t0) });
  const total = performance.now() - t0;
  const cpu = cpuMs(cpu0);
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  return { first, total, cpu, entries: page.entries.length, heapMb, page };
}

const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (v) => `${v.toFixed(0).padStart(5)} ms`;

console.log(`bench/file-history (${repo.replace(resolve('.') + '/', '')}, ${RUNS} paired runs, medians)`);
// Other work on the machine makes every wall-clock figure noisy; say how busy it was.
console.log(`  load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the start`);
let met = true;
let hotPage;
for (const [name, file] of Object.entries(FILES)) {
  await gitAlone(file); // warm the page cache for both
  await ours(file);
  const g = [];
  const o = [];
  for (let run = 0; run < RUNS; run++) {
    // Alternate which goes first, so a drift in load favours neither side.
    if (run % 2 === 0) {
      g.push(await gitAlone(file));
      o.push(await ours(file));
    } else {
      o.push(await ours(file));
      g.push(await gitAlone(file));
    }
  }
  const mid = (runs, key) => median(runs.map((r) => r[key]));
  const lag = median(o.map((r, i) => r.first - g[i].first));
  const ratio = median(o.map((r, i) => r.total / g[i].total));
  const ok = lag <= 50 && ratio <= 1.15;
  met &&= ok;
  const { entries, heapMb } = o[o.length - 1];
  if (name === 'hot') hotPage = o[o.length - 1].page;
  console.log(`  ${name.padEnd(8)} ${file.padEnd(24)} ${String(entries).padStart(6)} entries, ${(g[0].bytes / 1024 / 1024).toFixed(1)} MB of git output`);
  console.log(`    git log --follow alone   first output ${ms(mid(g, 'first'))}  total ${ms(mid(g, 'total'))}  node cpu ${ms(mid(g, 'cpu'))}`);
  console.log(`    streamFileHistory        first entry  ${ms(mid(o, 'first'))}  total ${ms(mid(o, 'total'))}  node cpu ${ms(mid(o, 'cpu'))}  heap +${heapMb.toFixed(1)} MB (${((heapMb * 1024 * 1024) / Math.max(1, entries)).toFixed(0)} B/entry)`);
  console.log(`    -> first entry ${lag >= 0 ? '+' : ''}${lag.toFixed(0)} ms after git's first output, total ${ratio.toFixed(2)}x git alone: ${ok ? 'met' : 'NOT met'}`);
}

// Live-in for the whole hot history against two environments: one rev-list per head, then lookups.
const headOf = (rev) => new Promise((done) => {
  const child = spawn('git', ['rev-parse', rev], { cwd: repo });
  let text = '';
  child.stdout.on('data', (c) => (text += c));
  child.on('close', () => done(text.trim()));
});
const deployment = async (environment, rev) => ({ schema: 'changetrail/deployment', version: 1, id: '01HZZZZZZZZZZZZZZZZZZZZZZZ', createdAt: '2024-01-01T00:00:00.000Z', environment, commit: await headOf(rev), by: { name: 'b', email: 'b@example.com' }, records: [] });
const heads = await deployedHeads(repo, ['staging', 'production'], { deploymentRecords: [await deployment('staging', 'HEAD~100'), await deployment('production', 'HEAD~5000')] });
const index = new LiveInIndex();
for (const round of ['first (reads 2 heads)', 'cached']) {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let live = 0;
  const answers = await index.liveInAll(repo, hotPage.entries.map((e) => e.sha), heads);
  for (const list of answers.values()) for (const answer of list) if (answer.live) live++;
  const took = performance.now() - t0;
  gc();
  console.log(`  live-in ${round.padEnd(22)} ${hotPage.entries.length} commits x 2 environments ${ms(took)} (${((took * 1000) / hotPage.entries.length).toFixed(1)} us/commit, ${live} live, heap +${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(1)} MB)`);
}
console.log(`  goals: first entry <= 50 ms after git's first output, total <= 1.15x git alone -> ${met ? 'met' : 'NOT met'}`);
rmSync(work, { recursive: true, force: true });
