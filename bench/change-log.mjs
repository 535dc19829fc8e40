// bench/change-log: the shared change log (src/core/records/changeLog*.ts) over a 1,000,000-record
// JSONL file of realistic records (1-5 tickets, 1-20 changed files, a year of history, 1 in 10 a
// deployment). Prints append latency (one write + fsync per record) beside a raw appendFileSync of
// the same line without fsync, and readLog / queryLog beside the floor of reading the whole file
// into one Buffer (and, for scale, a bare 8 MB-chunk read), each in a fresh process so its peak RSS
// is its own. BENCH_RECORDS / BENCH_APPENDS change the sizes.
// Goal: queryLog for a file + time range under 0.6 s.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const RUNS = 3;
const DAY = 86_400_000;

if (process.argv[2] === '--phase') {
  await phase(process.argv[3], process.argv[4], process.argv[5], JSON.parse(process.argv[6] ?? '{}'));
  process.exit(0);
}

const N = Number(process.env.BENCH_RECORDS || 1_000_000);
const APPENDS = Number(process.env.BENCH_APPENDS || 2000);
const work = mkdtempSync(join(tmpdir(), 'changetrail-bench-changelog-'));
try {
  const lib = join(work, 'changeLog.cjs');
  const entry = join(work, 'entry.ts');
  const src = resolve('src/core/records');
  writeFileSync(entry, ['changeLog', 'changeLogQuery'].map((m) => `export * from ${JSON.stringify(join(src, m))};`).join('\n'));
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: lib, logLevel: 'error' });
  const core = createRequire(import.meta.url)(lib);

  const logPath = join(work, 'changes.jsonl');
  const t0 = performance.now();
  const { sampleLine, files, yearStart } = generate(core, logPath, N);
  const genMs = performance.now() - t0;
  const bytes = statSync(logPath).size;

  const appends = await appendLatency(core, join(work, 'append.jsonl'), join(work, 'raw.jsonl'), sampleLine);

  // A busy file and one month in the middle of the year: what support asks at 6 AM.
  const month = { since: new Date(yearStart + 150 * DAY).toISOString(), until: new Date(yearStart + 180 * DAY).toISOString() };
  // readLog keeps a million parsed entries, more than Node's default heap holds.
  const run = (name, args = {}) => JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(import.meta.url), '--phase', name, lib, logPath, JSON.stringify(args)], { encoding: 'utf8' }));
  const floor = run('floor');
  const stream = run('stream');
  const query = run('query', { file: files[0], ...month });
  const ticketQuery = run('query', { ticket: 'PROJ-1042' });
  const timeQuery = run('query', { since: month.since, until: new Date(yearStart + 157 * DAY).toISOString() });
  const read = run('read');

  const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  const row = (label, r) =>
    `  ${label.padEnd(38)} ${r.ms.toFixed(0).padStart(6)} ms  ${(r.ms / floor.ms).toFixed(2).padStart(6)}x floor  peak RSS ${mb(r.rss).padStart(7)}${r.count === undefined ? '' : `  ${r.count.toLocaleString('en')} entries`}`;
  console.log(`bench/change-log (${N.toLocaleString('en')} records, ${mb(bytes)}, ${Math.round(bytes / N)} bytes a record, generated in ${(genMs / 1000).toFixed(1)} s)`);
  console.log(`  append, ${APPENDS} records of ${sampleLine.length} bytes:`);
  console.log(`    appendEntry (validate, 1 write, fsync) p50 ${appends.ours.p50.toFixed(3)} ms  p90 ${appends.ours.p90.toFixed(3)} ms`);
  console.log(`    raw appendFileSync (no fsync)          p50 ${appends.raw.p50.toFixed(3)} ms  p90 ${appends.raw.p90.toFixed(3)} ms  (ours ${(appends.ours.p50 / appends.raw.p50).toFixed(1)}x at p50)`);
  console.log(`  reads, each in a fresh process, best of ${RUNS} (readLog: 1 run):`);
  console.log(row('floor: readFileSync whole file', floor));
  console.log(row('8 MB chunks into one buffer, no work', stream));
  console.log(row('queryLog file + 30 days', query));
  console.log(row('queryLog ticket', ticketQuery));
  console.log(row('queryLog 7 days (time only)', timeQuery));
  console.log(row('readLog (parse + validate all)', read));
  console.log(`  goal: queryLog file + time range < 600 ms -> ${query.ms < 600 ? 'met' : 'NOT met'} (${query.ms.toFixed(0)} ms, ${(query.ms / stream.ms).toFixed(1)}x the chunked read)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function phase(name, lib, logPath, args) {
  let rss = process.memoryUsage().rss;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 5);
  const { readLog, queryLog } = createRequire(import.meta.url)(lib);
  const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
  const query = { ...args, ...(args.since ? { since: new Date(args.since) } : {}), ...(args.until ? { until: new Date(args.until) } : {}) };
  const op = {
    floor: async () => ({ bytes: readFileSync(logPath).length }),
    stream: async () => {
      const handle = await open(logPath, 'r');
      const buffer = Buffer.allocUnsafe(8 * 1024 * 1024);
      while ((await handle.read(buffer, 0, buffer.length, null)).bytesRead > 0);
      await handle.close();
      return {};
    },
    read: () => readLog(logPath, silent),
    query: () => queryLog(logPath, query, silent),
  }[name];
  let best = Infinity;
  let count;
  for (let i = 0; i < (name === 'read' ? 1 : RUNS); i++) {
    const t = performance.now();
    let result = await op();
    best = Math.min(best, performance.now() - t);
    count = result.entries?.length;
    rss = Math.max(rss, process.memoryUsage().rss);
    result = undefined;
  }
  clearInterval(sampler);
  process.stdout.write(JSON.stringify({ ms: best, rss, count }));
}

async function appendLatency(core, ourPath, rawPath, line) {
  const entry = JSON.parse(line);
  const ours = [];
  const raw = [];
  for (let i = 0; i < APPENDS; i++) {
    let t = performance.now();
    await core.appendEntry(ourPath, entry);
    ours.push(performance.now() - t);
    t = performance.now();
    appendFileSync(rawPath, `${line}\n`);
    raw.push(performance.now() - t);
  }
  const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * p)];
  return { ours: { p50: pct(ours, 0.5), p90: pct(ours, 0.9) }, raw: { p50: pct(raw, 0.5), p90: pct(raw, 0.9) } };
}

function generate(core, path, n) {
  // Deterministic pseudo-random data (mulberry32) so runs are comparable.
  let seed = 7;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  // ulid() draws crypto randomness per call, which would dominate generation; same format here,
  // the random part from a pool (records are seconds apart, so ids stay unique).
  const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const tails = Array.from({ length: 4096 }, () => Array.from({ length: 16 }, () => crockford[Math.floor(rand() * 32)]).join(''));
  const ulid = (time) => {
    let id = '';
    for (let i = 9, t = time; i >= 0; i--, t = Math.floor(t / 32)) id = crockford[t % 32] + id;
    return id + pick(tails);
  };
  const some = (lo, hi, make) => Array.from({ length: lo + Math.floor(rand() * (hi - lo + 1)) }, make);
  // Lines are assembled from pre-serialized pieces: JSON.stringify of a million objects would
  // dominate generation. The first thousand are checked against serializeEntry below.
  const q = (x) => JSON.stringify(x);
  const words = 'login session timeout password reset export csv invoice payment refund crash audit alert latency cache database migration index search filter report dashboard email notification token certificate upload queue retry webhook billing tax currency locale'.split(' ');
  const dirs = ['src/billing', 'src/auth', 'src/api/v2', 'src/ui/components', 'src/jobs', 'db/migrations', 'config', 'src/reports', 'src/notifications', 'test/unit'];
  const files = Array.from({ length: 4000 }, (_, i) => `${dirs[i % dirs.length]}/${pick(words)}${pick(words).replace(/^./, (c) => c.toUpperCase())}${i}.ts`);
  const quotedFiles = files.map(q);
  const people = Array.from({ length: 40 }, (_, i) => q({ name: `Dev ${i}`, email: `dev${i}@acme.example` }));
  const systems = ['billing', 'auth', 'reporting', 'notifications', 'payments-gateway'].map((name, i) => q({ name, criticality: ['low', 'medium', 'high'][i % 3] }));
  const sentences = (lo, hi) => Array.from({ length: 2000 }, () => q(some(lo, hi, () => pick(words)).join(' ')));
  const [titles, descriptions, reasons] = [sentences(3, 8), sentences(5, 14), sentences(3, 6)];
  const sha = () => Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
  const shas = Array.from({ length: 5000 }, () => q(sha()));
  const commits = Array.from({ length: 5000 }, () => q({ sha: sha(), subject: some(3, 7, () => pick(words)).join(' ') }));
  const risk = q({ id: 'largeDiff', severity: 'warning', message: 'more than 500 lines changed' });
  const list = (lo, hi, item) => {
    let out = item();
    for (let k = lo + Math.floor(rand() * (hi - lo + 1)); k > 1; k--) out += `,${item()}`;
    return out;
  };
  // The first file is busy (in 1 of 200 changes), like a shared config file; the rest are skewed.
  const fileList = () => {
    const chosen = rand() < 0.005 ? [0] : [];
    for (let k = 1 + Math.floor(rand() * 20); k > 0; k--) {
      const f = 1 + Math.floor(rand() ** 2 * (files.length - 1));
      if (!chosen.includes(f)) chosen.push(f);
    }
    return chosen.map((f) => quotedFiles[f]).join(',');
  };

  const yearStart = Date.UTC(2024, 0, 1);
  const step = (365 * DAY) / n;
  let recent = [];
  const fd = openSync(path, 'w');
  let chunk = [];
  let size = 0;
  let sampleLine = '';
  for (let i = 0; i < n; i++) {
    const time = Math.floor(yearStart + i * step + rand() * step);
    const id = ulid(time);
    const head = `"version":1,"id":"${id}","createdAt":"${new Date(time).toISOString()}"`;
    let line;
    if (i % 10 === 9) {
      line = `{"schema":"changetrail/deployment",${head},"environment":"${rand() < 0.5 ? 'staging' : 'production'}","commit":${pick(shas)},"by":${pick(people)},"records":[${recent.join(',')}]}`;
      recent = [];
    } else {
      line =
        `{"schema":"changetrail/change",${head},"tickets":[${list(1, 5, () => `"PROJ-${1 + Math.floor(rand() * 5000)}"`)}],` +
        `"title":${pick(titles)},"description":${pick(descriptions)},"reason":${pick(reasons)},"systems":[${pick(systems)}],` +
        `"author":${pick(people)},"branch":"feature/PROJ-${i % 5000}","commits":[${list(1, 3, () => pick(commits))}],` +
        `"changedFiles":[${fileList()}],"answers":{"testedInStaging":{"value":"yes"}},"rollbackPlan":"revert the merge and redeploy",` +
        `"riskFlags":[${rand() < 0.2 ? risk : ''}],"environment":"production"}`;
      recent.push(`"${id}"`);
    }
    // It must be byte for byte what appendEntry writes, or the bench measures another format.
    if (i < 1000 && core.serializeEntry(JSON.parse(line)) !== line) throw new Error(`generated line ${i + 1} differs from serializeEntry`);
    if (i === 0) sampleLine = line;
    chunk.push(line);
    size += line.length + 1;
    if (size > 256 * 1024) { // small chunks die young; big ones cost seconds of GC
      writeSync(fd, `${chunk.join('\n')}\n`, null, 'latin1'); // all ASCII
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) writeSync(fd, `${chunk.join('\n')}\n`, null, 'latin1'); // all ASCII
  closeSync(fd);
  return { sampleLine, files, yearStart };
}
