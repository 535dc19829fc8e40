// bench/board: `changetrail board` as it ships (dist/cli.js, which loads dist/cli-board.js) over a
// 1,000,000-record change log (BENCH_RECORDS), beside the plain chunked read of the same file
// (readBlocks, 8 MB chunks) in the same run, each in a fresh process so its peak RSS is its own and
// each timed from requiring its code to its end: the first build into an empty --out, then the rebuild into
// the same --out after one more day of records was appended (what a daily Pages job does, with the
// out dir cached); then the page's first answer in Chromium over a board of 90 days x 200 changes a
// day (body[data-ready] and the What changed? answer shown).
// Goals: the board within 2x the chunked read, bounded memory; the first answer under 1 s. Beside
// the first build, JSON.parse of every line (nothing kept): what no first build can skip.
// The log is generated once (test/fixtures/board/boardLog.mjs, in slices) and cached under .vscode-test/.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { boardEntries, boardLogText } from '../test/fixtures/board/boardLog.mjs';

const VERSION = 'v1';
const DAY = 86_400_000;
const END = Date.parse('2026-11-30T06:00:00Z');
// Fresh processes of the chunked read and of the rebuild, each timed once; their medians are compared.
const RERUNS = 5;

if (process.argv[2] === '--shipped') {
  shipped(JSON.parse(process.argv[3]));
} else if (process.argv[2] === '--phase') {
  await phase(process.argv[3], JSON.parse(process.argv[4]));
  process.exit(0);
} else {
  await bench();
}

async function bench() {
  const N = Number(process.env.BENCH_RECORDS || 1_000_000);
  mkdirSync('.vscode-test', { recursive: true });
  if (!existsSync('dist/board/board.js') || !existsSync('dist/cli.js')) throw new Error('bench/board: run `node esbuild.config.mjs` first (dist/ is missing)');
  const work = mkdtempSync(join(tmpdir(), 'changetrail-bench-board-'));
  try {
    cpSync('dist/board', join(work, 'board'), { recursive: true });
    // The board's steps one by one, to say where the time goes.
    const steps = join(work, 'steps.ts');
    writeFileSync(steps, [
      `export { buildBoardSite } from ${JSON.stringify(resolve('src/core/board/buildBoardSite'))};`,
      `export { teamConfigSchema } from ${JSON.stringify(resolve('src/core/config/teamConfigSchema'))};`,
    ].join('\n'));
    const stepsLib = join(work, 'steps.cjs');
    await esbuild.build({ entryPoints: [steps], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: stepsLib, logLevel: 'error' });
    const reader = join(work, 'reader.cjs');
    await esbuild.build({ entryPoints: [resolve('src/core/records/changeLogReader.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: reader, logLevel: 'error' });

    const cached = ensureLog(N);
    // A copy, so the day appended below leaves the cached log as it was.
    const log = join(work, 'changes.jsonl');
    cpSync(cached, log);
    const bytes = statSync(log).size;
    const run = (name, args) => JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--phase', name, JSON.stringify(args)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
    // Fresh processes, each one run (as the board gets), and their median.
    const median = (runs) => {
      const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
      return { ms: ms[ms.length >> 1], rss: Math.max(...runs.map((r) => r.rss)), all: runs.map((r) => r.ms) };
    };
    const chunked = median(Array.from({ length: RERUNS }, () => run('chunked', { reader, log })));
    const parse = run('parse', { reader, log, runs: 1 });
    // What ships: dist/cli.js and the chunk it loads for `board` (dist/cli-board.js).
    const cli = resolve('dist/cli.js');
    const runShipped = (args) => {
      const result = join(work, 'result.json');
      const said = execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--shipped', JSON.stringify({ ...args, cli, result })], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: tmpdir() });
      return { ...JSON.parse(readFileSync(result, 'utf8')), said: said.trim() };
    };
    const first = runShipped({ log, out: join(work, 'site-big'), now: END });
    const firstStages = run('stages', { lib: stepsLib, log, out: join(work, 'site-steps'), assets: join(work, 'board'), now: END });
    // One more day of records (about perDay + 2), with ids of their own, and "now" a day later.
    const perDay = Math.max(1, Math.round(N / 1000 - 2.24));
    const day = boardEntries({ end: END + DAY, days: 1, perDay, firstId: 1 + 1001 * (perDay + 10) });
    writeFileSync(log, day.map((e) => JSON.stringify(e)).join('\n') + '\n', { flag: 'a' });
    // Each rebuild into the site as the first build left it (a copy put back where it was built:
    // the cache is for that --out), each beside a chunked read of the longer log.
    const rebuilds = [];
    const afterRuns = [];
    const out = join(work, 'site-big');
    const kept = join(work, 'site-first');
    renameSync(out, kept);
    for (let i = 0; i < RERUNS; i++) {
      rmSync(out, { recursive: true, force: true });
      cpSync(kept, out, { recursive: true });
      const again = runShipped({ log, out, now: END + DAY });
      if (!again.said.includes('kept from the last build')) throw new Error(`the rebuild built afresh: ${again.said}`);
      rebuilds.push(again);
      afterRuns.push(run('chunked', { reader, log }));
    }
    const rebuild = { ...median(rebuilds), said: rebuilds[0].said };
    const chunkedAfter = median(afterRuns);
    const rebuildStages = run('stages', { lib: stepsLib, log, out: join(work, 'site-steps'), assets: join(work, 'board'), now: END + DAY });
    // The same day with an amendment of a record three months old: the rebuild takes it out of the
    // facts' summary and looks again at the deployments that carried it (src/core/board/factSummary.ts).
    const old = recordNear(cached, 0.91);
    const amendment = { ...old, id: '01JZZZZZZZZZZZZZZZZZZZZZZZ', createdAt: new Date(END + DAY - 3_600_000).toISOString(), changedAt: old.createdAt, title: `${old.title} (amended)`, supersedes: old.id };
    writeFileSync(log, `${JSON.stringify(amendment)}\n`, { flag: 'a' });
    const amendedRuns = [];
    for (let i = 0; i < 3; i++) {
      rmSync(out, { recursive: true, force: true });
      cpSync(kept, out, { recursive: true });
      const again = runShipped({ log, out, now: END + DAY });
      if (!again.said.includes('kept from the last build')) throw new Error(`the rebuild built afresh: ${again.said}`);
      amendedRuns.push(again);
    }
    const amended = { ...median(amendedRuns), said: amendedRuns[0].said };

    const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
    // Beside the ratio of medians, the ratio to the fastest chunked read: the strictest floor.
    const line = (label, r, floor) => `  ${label.padEnd(40)} ${r.ms.toFixed(0).padStart(7)} ms  peak RSS ${mb(r.rss).padStart(7)}  ${(r.ms / floor.ms).toFixed(2)}x the chunked read (goal <= 2x; ${(r.ms / Math.min(...floor.all)).toFixed(2)}x its fastest run)${r.all ? `; median of ${r.all.map((ms) => ms.toFixed(0)).join(', ')}` : ''}`;
    const stages = (r) => `${Object.entries(r.stages).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}; peak RSS ${mb(r.rss)}`;
    console.log(`bench/board (${N.toLocaleString('en')} records, ${mb(bytes)})`);
    console.log(`  ${'chunked read (readBlocks, 8 MB)'.padEnd(40)} ${chunked.ms.toFixed(0).padStart(7)} ms  peak RSS ${mb(chunked.rss).padStart(7)}  (floor, median of ${chunked.all.map((ms) => ms.toFixed(0)).join(', ')}; ${chunkedAfter.ms.toFixed(0)} ms after the append, of ${chunkedAfter.all.map((ms) => ms.toFixed(0)).join(', ')})`);
    console.log(`  ${'  JSON.parse of every line, nothing kept'.padEnd(40)} ${parse.ms.toFixed(0).padStart(7)} ms  peak RSS ${mb(parse.rss).padStart(7)}  ${(parse.ms / chunked.ms).toFixed(2)}x the chunked read (the least a first build does)`);
    console.log(line('changetrail board, first build', first, chunked));
    console.log(`    ${first.said}`);
    console.log(`    where the time goes (a run of its own): ${stages(firstStages)}`);
    console.log(line('changetrail board, one day later', rebuild, chunkedAfter));
    console.log(`    ${rebuild.said}`);
    console.log(`    where the time goes (a run of its own): ${stages(rebuildStages)}`);
    console.log(line('  the same day and an amendment', amended, chunkedAfter));
    console.log(`    ${amended.said}`);

    // The page: 90 days x 200 changes a day, opened from file:// in Chromium.
    const smallLog = join(work, 'changes-90d.jsonl');
    writeFileSync(smallLog, boardLogText({ end: END, days: 90, perDay: 200 }));
    const site = join(work, 'site-90d');
    runShipped({ log: smallLog, out: site, now: END });
    const answer = await firstAnswer(pathToFileURL(join(site, 'index.html')).href);
    console.log(`  first answer in Chromium (90 days x 200 changes a day): median ${answer.median.toFixed(0)} ms of ${answer.times.map((t) => t.toFixed(0)).join(', ')} (goal < 1000 ms)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `changetrail board` as it ships, in this process: from requiring dist/cli.js (which runs the
 * command line it is given) to the moment the process has nothing left to do, as the chunked
 * read is timed from requiring its reader to its end.
 */
function shipped(args) {
  process.argv = [process.argv[0], args.cli, 'board', '--log', args.log, '--out', args.out, '--tz', 'UTC'];
  process.env.CHANGETRAIL_NOW = new Date(args.now).toISOString();
  const t = performance.now();
  process.once('beforeExit', () => {
    if (process.exitCode) throw new Error(`changetrail board exited ${process.exitCode}`);
    writeFileSync(args.result, JSON.stringify({ ms: performance.now() - t, rss: process.resourceUsage().maxRSS * 1024 }));
  });
  createRequire(import.meta.url)(args.cli);
}

/** The first change record after `fraction` of the log's bytes. */
function recordNear(path, fraction) {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    const read = readSync(fd, buffer, 0, buffer.length, Math.floor(statSync(path).size * fraction));
    const lines = buffer.toString('utf8', 0, read).split('\n').slice(1, -1).map((l) => JSON.parse(l));
    const found = lines.find((e) => e.schema === 'changetrail/change');
    if (!found) throw new Error(`no change record near ${fraction} of ${path}`);
    return found;
  } finally {
    closeSync(fd);
  }
}

/** The cached log of `n` records (about), made in slices of days so no slice holds the whole log in memory. */
function ensureLog(n) {
  const path = resolve(`.vscode-test/bench-board-log-${n}.jsonl`);
  const marker = `${path}.done`;
  const stamp = `${VERSION} ${readFileSync('test/fixtures/board/boardLog.mjs', 'utf8').length}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === stamp) return path;
  const started = performance.now();
  // About perDay + 2.24 entries a day; 1000 days (under three years) of about 1000 changes a day.
  const days = 1000;
  const perDay = Math.max(1, Math.round(n / days - 2.24));
  const slice = 50;
  const fd = openSync(`${path}.tmp`, 'w');
  let written = 0;
  for (let first = 0; first < days; first += slice) {
    // Slice k covers days [first, first + slice) counted back from END; ids never repeat across slices.
    const entries = boardEntries({ end: END - first * DAY, days: Math.min(slice, days - first), perDay, firstId: 1 + first * (perDay + 10) });
    writeSync(fd, entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
    written += entries.length;
  }
  closeSync(fd);
  renameSync(`${path}.tmp`, path);
  writeFileSync(marker, stamp);
  console.log(`made ${path}: ${written.toLocaleString('en')} records in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return path;
}

async function phase(name, args) {
  let best = Infinity;
  let stages;
  for (let i = 0; i < (args.runs ?? 1); i++) {
    const t = performance.now();
    if (name === 'stages') {
      const lib = createRequire(import.meta.url)(args.lib);
      const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
      let at = performance.now();
      stages = {};
      const names = { read: 'read the log (new lines only on a rebuild) into facts and month lines', index: 'metrics and index', months: 'month documents', cache: 'save the cache' };
      const onStage = (stage) => {
        stages[names[stage]] = performance.now() - at;
        at = performance.now();
      };
      await lib.buildBoardSite({ logs: [args.log], config: lib.teamConfigSchema.parse({}), sources: [], now: args.now, timeZone: 'UTC', out: args.out, assets: args.assets, logger: quiet, onStage });
    } else if (name === 'parse') {
      // What a first build cannot do without: each record read (JSON.parse of every line, no
      // validation, nothing kept), since the board shows every record's fields.
      const { readBlocks } = createRequire(import.meta.url)(args.reader);
      let parsed = 0;
      await readBlocks(args.log, (block) => {
        for (let start = 0; start < block.length; ) {
          let end = block.indexOf(10, start);
          if (end < 0) end = block.length;
          if (end > start) {
            JSON.parse(block.toString('utf8', start, end));
            parsed++;
          }
          start = end + 1;
        }
      });
      if (parsed === 0) throw new Error('the parse floor read no lines');
    } else if (name === 'chunked') {
      const { readBlocks } = createRequire(import.meta.url)(args.reader);
      let lines = 0;
      await readBlocks(args.log, (block) => {
        for (let at = block.indexOf(10); at !== -1; at = block.indexOf(10, at + 1)) lines++;
      });
      if (lines === 0) throw new Error('the chunked read saw no lines');
    } else {
      throw new Error(`no phase ${name}`);
    }
    best = Math.min(best, performance.now() - t);
  }
  // maxRSS is the process's peak in kB, whatever ran before the timed part included.
  process.stdout.write(JSON.stringify({ ms: best, rss: process.resourceUsage().maxRSS * 1024, stages }));
}

async function firstAnswer(url) {
  const { launchChromium } = await import('../test/harness/browser.mjs');
  const browser = await launchChromium();
  const times = [];
  try {
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const t = performance.now();
      await page.goto(`${url}#changed`);
      await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
      await page.locator('#changed-answer').waitFor({ state: 'visible', timeout: 30_000 });
      times.push(performance.now() - t);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { times, median: sorted[Math.floor(sorted.length / 2)] };
}
