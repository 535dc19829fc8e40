// bench/editor-paths: what a person waits on in the editor, over the 80,000-commit bench repository
// (bench/makeBigRepo) and a 1,000,000-record change log naming its commits (bench/makeBigLog, both
// cached under .vscode-test/). Each path runs the core calls its host code makes, through the
// change-log index, beside its floor in the same run:
//   index first build (once per clone) <- the chunked read (readBlocks over the whole log, no work),
//                                         and the keys floor: each line's 8 keys found, nothing kept
//   index opened from its saved form   <- the chunked read
//   File History, hot file, first page with records + live-in,  <- git log --follow of that page
//   whether it is binary asked beside it (as the view does)
//   why-this-line hover               <- git blame -L of that line
//   checklist's record list           <- the chunked read
//   Record Deployment's note          <- deploymentRange alone (its git log of the range)
//   This Week in Changes              <- the chunked read
//   an append picked up               <- one read of the appended bytes
// Git floors run git as the product does (core/git/gitProcess: from a small helper process once this
// one is big, as an extension host with an index is), and each prints beside it the same git forked
// by this process, which is what every git cost before the helper.
// Times are medians of BENCH_RUNS runs over the built index, and a ratio beside a git floor is the
// median of the ratios of pairs run back to back; memory is the process's peak RSS and what the
// index holds (heap and typed arrays). File History, the hover and the note are asked new (the
// index forgets what it parsed and answered before each run, as for a first look) and again.
// BENCH_RECORDS changes the log size. Goals (issue 15): answers within 1.1x
// their git floor, the index's open (from its saved form) within 1.5x the chunked read, an append
// within one read of it. The first build of a clone is printed beside the chunked read too.
import * as esbuild from 'esbuild';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { ensureBigRepo, FILES } from './makeBigRepo.mjs';
import { ensureBigLog, LOG_END } from './makeBigLog.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const RECORDS = Number(process.env.BENCH_RECORDS || 1_000_000);
const DAY = 86_400_000;
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

if (process.argv[2] === '--floor') {
  // A fresh process, so its peak RSS is the chunked read's own.
  const { readBlocks } = createRequire(import.meta.url)(process.argv[4]);
  let rss = process.memoryUsage().rss;
  const t = performance.now();
  let bytes = 0;
  await readBlocks(process.argv[3], (block) => {
    bytes += block.length;
    rss = Math.max(rss, process.memoryUsage().rss);
  });
  process.stdout.write(JSON.stringify({ ms: performance.now() - t, rss, bytes }));
  process.exit(0);
}

if (process.argv[2] === '--keys-floor') {
  // The least a first build of any index of these lines does, in a fresh process: the chunked read,
  // each line's end, and the eight keys the index is by (kind, id, time, tickets, systems, branch,
  // commits, environment) found in the line with the engine's own search (Buffer.indexOf, native
  // code). Nothing is hashed, kept or parsed: what is left is what JavaScript pays per line.
  const { readBlocks } = createRequire(import.meta.url)(process.argv[4]);
  const needles = ['"schema":"', '"id":"', '"createdAt":"', '"tickets":[', '"systems":[', '"branch":"', '"commits":[', '"environment":"'].map((k) => Buffer.from(k));
  const t = performance.now();
  let found = 0;
  await readBlocks(process.argv[3], (block) => {
    for (let start = 0; start < block.length; ) {
      let end = block.indexOf(10, start);
      if (end < 0) end = block.length;
      for (const needle of needles) {
        const at = block.indexOf(needle, start);
        if (at >= 0 && at < end) found++;
      }
      start = end + 1;
    }
  });
  process.stdout.write(JSON.stringify({ ms: performance.now() - t, found }));
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'changetrail-bench-editor-'));
const lib = join(work, 'core.cjs');
await esbuild.build({
  stdin: {
    contents: [
      "export { LogIndex } from './src/core/records/index/logIndex';",
      "export { deploymentCandidates, deploymentRangeWithEntries, entriesForRange, latestDeployments, manualChangesSinceDeployment, recordsByCommit } from './src/core/records/index/indexAnswers';",
      "export { readBlocks } from './src/core/records/changeLogReader';",
      "export { prepareLogEntryCheck } from './src/core/records/logEntryCheck';",
      "export { serializeEntry, appendEntry } from './src/core/records/changeLog';",
      "export { cachedFileHistory, HistoryCache } from './src/core/history/historyCache';",
      "export { HISTORY_FORMAT } from './src/core/history/historyParser';",
      "export { LiveInIndex, deployedHeads } from './src/core/history/liveIn';",
      "export { fileIsBinary, fileStatus, presumablyTracked } from './src/core/history/fileState';",
      "export { blameLine } from './src/core/history/lineBlame';",
      "export { batchedPerTurn } from './src/core/history/perTurnBatches';",
      "export { incidentsForCommits } from './src/core/incidents/commitIncidents';",
      "export { deploymentRange } from './src/core/notes/deploymentRange';",
      "export { buildDeploymentNote } from './src/core/notes/deploymentNote';",
      "export { buildDigest } from './src/core/notes/digest';",
      "export { defaultTeamConfig } from './src/core/config/teamConfigSchema';",
      "export { launchGit, gitHelperPid, setGitRoute } from './src/core/git/gitProcess';",
    ].join('\n'),
    resolveDir: resolve('.'),
    loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', outfile: lib, logLevel: 'error',
});

const core = createRequire(import.meta.url)(lib);
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const repo = await ensureBigRepo();
const { path: logPath } = ensureBigLog(repo, { records: RECORDS, serializeEntry: core.serializeEntry });
const bytes = statSync(logPath).size;
const config = core.defaultTeamConfig();
const environments = ['staging', 'production'];

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
const timed = async (fn) => {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
};
// git as the product starts it (core/git/gitProcess: in a process this big, from the small helper
// process), its output read and dropped: the floor. spawnedHere is the same git forked from this
// process, as every git was before the helper: what the fork of a big process adds.
const git = (args, input) => new Promise((done, fail) => {
  const t = performance.now();
  let first;
  core.launchGit('git', args, { cwd: repo, env: { ...process.env, LC_ALL: 'C' }, stdin: input }, {
    onStdout: () => (first ??= performance.now() - t),
    onStderr: (chunk) => process.stderr.write(chunk),
    onError: fail,
    onClose: (code) => (code === 0 ? done({ first: first ?? performance.now() - t, ms: performance.now() - t }) : fail(new Error(`git ${args[0]} exited ${code}`))),
  });
});
const spawnedHere = (args, input) => new Promise((done, fail) => {
  const t = performance.now();
  const child = spawn('git', args, { cwd: repo, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'inherit'], env: { ...process.env, LC_ALL: 'C' } });
  if (input !== undefined) child.stdin.end(input);
  child.stdout.on('data', () => undefined);
  child.on('error', fail);
  child.on('close', (code) => (code === 0 ? done({ ms: performance.now() - t }) : fail(new Error(`git ${args[0]} exited ${code}`))));
});
/** The median of RUNS runs of `run`, in ms. */
const medianOf = async (run) => {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push((await run()).ms);
  return median(times);
};
// Pairs of runs, alternating which side goes first, so a drift in load favours neither; ratios are medians of pairs.
const pairRatio = (runs, key = 'ms') => median(runs.ours.map((r, i) => r[key] / runs.floor[i][key]));
async function paired(ours, floor) {
  // The first build's garbage collected first, so a major collection of it lands in neither side.
  gc();
  await floor();
  await ours();
  const o = [];
  const f = [];
  for (let run = 0; run < RUNS; run++) {
    if (run % 2 === 0) {
      f.push(await floor());
      o.push(await ours());
    } else {
      o.push(await ours());
      f.push(await floor());
    }
  }
  return { ours: o, floor: f };
}

console.log(`bench/editor-paths (${RECORDS.toLocaleString('en')} records, ${mb(bytes)} log; ${repo.replace(`${resolve('.')}/`, '')}; ${RUNS} warm runs, medians; load ${loadavg()[0].toFixed(1)})`);
const rows = [];
const row = (label, ms, floorLabel, floorMs, goal, extra = '', pairRatio = undefined) => {
  const ratio = pairRatio ?? ms / floorMs;
  rows.push({ label, ok: goal === undefined || ratio <= goal });
  console.log(`  ${label.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms   ${floorLabel.padEnd(30)} ${floorMs.toFixed(1).padStart(8)} ms   ${ratio.toFixed(3).padStart(6)}x${goal === undefined ? '' : ` (goal <= ${goal}x)`}${extra}`);
};

// 1. First build, beside the chunked read in a fresh process (page cache warm for both).
const floorRead = () => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--floor', logPath, lib], { encoding: 'utf8' }));
floorRead();
const chunked = floorRead();
gc();
// Heap and ArrayBuffers: the index keeps its columns and posting lists in typed arrays.
const held = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
const heapBefore = held();
const plainIndex = new core.LogIndex(logPath, silent);
const build = await timed(() => plainIndex.refresh());
// As the extension host does a second after its first index opens (RecordService.index): records
// read from here on are checked by zod's compiled parser.
core.prepareLogEntryCheck();
// The timed runs below ask plainIndex; runs of their own ask through this proxy, so the time a
// path spends in the index is known apart from git's (the proxy's own cost stays out of the timings).
// The time at least one index call was in flight: calls that overlap (a page's batches, the
// deployments asked beside the records) count once, as the wall-clock time they took together.
let inIndex = 0;
let inFlight = 0;
let busySince = 0;
const began = () => {
  if (inFlight++ === 0) busySince = performance.now();
};
const ended = () => {
  if (--inFlight === 0) inIndex += performance.now() - busySince;
};
const index = new Proxy(plainIndex, {
  get(target, key) {
    const value = target[key];
    if (typeof value !== 'function') return value;
    // Timed until an asked answer settles; a synchronous method (version()) stays synchronous.
    return (...args) => {
      began();
      let result;
      try {
        result = value.apply(target, args);
      } catch (error) {
        ended();
        throw error;
      }
      if (typeof result?.then !== 'function') {
        ended();
        return result;
      }
      return result.finally(ended);
    };
  },
});
/** The median time `path` (given the proxied index) spends in index calls, over runs of their own, each asked new. */
const indexShare = async (path) => {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    plainIndex.forget();
    const before = inIndex;
    await path(index);
    times.push(inIndex - before);
  }
  return median(times);
};
gc();
const heapIndex = held() - heapBefore;
const rssAfterBuild = peakRss;
const chunkedAgain = floorRead();
const chunkedMs = Math.min(chunked.ms, chunkedAgain.ms);
row('index first build', build.ms, 'chunked read (fresh process)', chunkedMs, undefined, `   held ${mb(heapIndex)}, peak RSS ${mb(rssAfterBuild)} (chunked read ${mb(chunked.rss)})`);
// Why the first build is not within 1.5x of the chunked read here: finding the keys alone is not.
const keysFloor = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--keys-floor', logPath, lib], { encoding: 'utf8' }));
row('  keys found in each line, nothing kept', keysFloor.ms, 'chunked read (fresh process)', chunkedMs, undefined, `   (the least any first build does: Buffer.indexOf of 8 keys a line; the build is ${(build.ms / keysFloor.ms).toFixed(2)}x this)`);

// 1b. Every later process (a new window, a CLI run): the index saved in .git/changetrail/ taken over
// (indexSidecar.ts). The first build above happens once per clone and log; this is the usual open.
const sidecar = join(work, 'index.idx');
const saving = await timed(() => new core.LogIndex(logPath, silent, { sidecar, saveAfter: 1 }).refresh());
const reopen = [];
for (let run = 0; run < RUNS; run++) reopen.push((await timed(() => new core.LogIndex(logPath, silent, { sidecar }).refresh())).ms);
row('index opened from its saved form', median(reopen), 'chunked read (fresh process)', chunkedMs, 1.5, `   saved index ${mb(statSync(sidecar).size)}; building and saving it took ${(saving.ms / 1000).toFixed(1)} s`);

// 2. File History of the hot file: the view's first page (50 commits) with records and where each is live.
const live = new core.LiveInIndex(silent);
const PAGE = 50;
const historyArgs = ['-c', 'diff.renames=true', '--literal-pathspecs', 'log', '--follow', '--no-color', '--diff-merges=first-parent', '--name-status', '-z', `--format=${core.HISTORY_FORMAT}`, `-n${PAGE + 1}`, 'HEAD', '--', FILES.hot];
// The bench repository's work tree is empty: the hot file is checked out so the view finds it tracked.
execFileSync('git', ['checkout', 'HEAD', '--', FILES.hot], { cwd: repo });
const historyPath = async (ix) => {
  const t = performance.now();
  let first;
  // As the view does (fileHistoryProvider.read): a plain file under the repository is presumed
  // tracked and its first page read at once; where each commit is live, and its record, are worked
  // out while git still reads the history; whether the file is binary is asked once the rows show.
  const collected = [];
  // The page's records are asked as its commits arrive, a batch per chunk of git's output.
  const ahead = core.batchedPerTurn((shas) => void core.recordsByCommit(ix, shas).catch(() => undefined));
  const page = core.cachedFileHistory(new core.HistoryCache(), repo, FILES.hot, 0, PAGE, { onEntry: (e) => (collected.push(e), ahead(e.sha), (first ??= performance.now() - t)) });
  const presumed = core.presumablyTracked(repo, join(repo, FILES.hot));
  if (!presumed) throw new Error('the hot file is not a plain file under the repository');
  const headsAsked = core.latestDeployments(ix, environments).then((deployments) => core.deployedHeads(repo, environments, { deploymentRecords: deployments, tagPattern: 'deploy/{env}/*' }));
  await page;
  const shas = collected.map((e) => e.sha);
  // The incidents the page's commits went out with (the bench log has none: the question is still
  // asked, as the view asks it, beside the records).
  const incidentsAsked = core.incidentsForCommits(ix, shas);
  const records = await core.recordsByCommit(ix, shas);
  await incidentsAsked;
  const liveIn = await live.liveInAll(repo, shas, await headsAsked);
  const ms = performance.now() - t;
  if (await core.fileIsBinary(repo, join(repo, FILES.hot), { logger: silent })) throw new Error('the hot file reads as binary');
  return { first, ms, records: records.size, live: liveIn.size };
};
// What asking git for the file's state first cost (the view did until this session; it still does for a path git must be asked about).
const stateFirst = await medianOf(async () => {
  const t = performance.now();
  await core.fileStatus(repo, join(repo, FILES.hot), { logger: silent });
  return { ms: performance.now() - t };
});
// A question asked new: the index forgets what it parsed and answered before each timed run (its
// table stays), as for a file opened for the first time; "asked again" is a switch back to it.
const asNew = (path) => () => {
  plainIndex.forget();
  return path();
};
const history = await paired(asNew(() => historyPath(plainIndex)), () => git(historyArgs));
const historyAgain = await paired(() => historyPath(plainIndex), () => git(historyArgs));
const h = history.ours[history.ours.length - 1];
// The goal is about the index: what it adds to the git work the path needs anyway.
const share = (indexMs, floorLabel, floorRuns) => {
  const floorMs = median(floorRuns.map((r) => r.ms));
  // Wall-clock time with an index call in flight (overlapping git's, where the path runs them side by side): what the index adds at most.
  row(`  of which the index`, indexMs, `${floorLabel} + index vs floor`, floorMs, undefined, `   -> ${((floorMs + indexMs) / floorMs).toFixed(3)}x the floor`);
};
row('File History hot file: first row', median(history.ours.map((r) => r.first)), 'git log --follow: first output', median(history.floor.map((r) => r.first)), undefined, '', pairRatio(history, 'first'));
row(`File History hot file: page (${PAGE} rows)`, median(history.ours.map((r) => r.ms)), `git log --follow -n${PAGE + 1}`, median(history.floor.map((r) => r.ms)), 1.1, `   ${h.records} rows with a record, live-in for ${h.live}`, pairRatio(history));
row('  the same page asked again', median(historyAgain.ours.map((r) => r.ms)), `git log --follow -n${PAGE + 1}`, median(historyAgain.floor.map((r) => r.ms)), undefined, '', pairRatio(historyAgain));
share(await indexShare(historyPath), 'git log', history.floor);
row('  the file\'s state from git alone (fileStatus)', stateFirst, 'git log --follow', median(history.floor.map((r) => r.ms)), undefined, '   (asked only when a file has no history, or is not a plain file under the repository)');
const forkedHistory = await medianOf(() => spawnedHere(historyArgs));
row('  the floor forked by this process', forkedHistory, `git log (helper ${core.gitHelperPid() === undefined ? 'not running' : 'running'})`, median(history.floor.map((r) => r.ms)), undefined, `   (RSS ${mb(process.memoryUsage().rss)}: what each git cost before the helper)`);

// 3. The why-this-line hover on a line of the hot file (the bench repository has no work tree: the
// editor's text goes to blame on stdin, as for a dirty editor; the floor gets the same).
const hotText = execFileSync('git', ['show', `HEAD:${FILES.hot}`], { cwd: repo, encoding: 'utf8' });
const hoverPath = async () => {
  const t = performance.now();
  // As the hover does: the deployed heads are worked out while git blames the line.
  const headsAsked = core.latestDeployments(plainIndex, environments).then((deployments) => core.deployedHeads(repo, environments, { deploymentRecords: deployments, tagPattern: 'deploy/{env}/*' }));
  const blame = await core.blameLine(repo, FILES.hot, 2, { logger: silent, contents: hotText });
  // As the hover does: the line's incidents asked beside its record.
  const incidentsAsked = core.incidentsForCommits(plainIndex, [blame.sha]);
  const records = await core.recordsByCommit(plainIndex, [blame.sha]);
  await live.liveIn(repo, blame.sha, await headsAsked);
  await incidentsAsked;
  return { ms: performance.now() - t, records: records.size };
};
const blameArgs = ['blame', '--porcelain', '-L', '2,2', '--contents', '-', '--', FILES.hot];
const hover = await paired(asNew(hoverPath), () => git(blameArgs, hotText));
const hoverAgain = await paired(hoverPath, () => git(blameArgs, hotText));
row('why-this-line hover', median(hover.ours.map((r) => r.ms)), 'git blame -L', median(hover.floor.map((r) => r.ms)), 1.1, `   (blame + deployed heads + live-in: git)`, pairRatio(hover));
row('  the same line hovered again', median(hoverAgain.ours.map((r) => r.ms)), 'git blame -L', median(hoverAgain.floor.map((r) => r.ms)), undefined, '', pairRatio(hoverAgain));
const forkedBlame = await medianOf(() => spawnedHere(blameArgs, hotText));
row('  the floor forked by this process', forkedBlame, 'git blame -L', median(hover.floor.map((r) => r.ms)), undefined);
// (no index share for the hover: its index questions run beside git blame, so their time overlaps git's)

// 4. The checklist's record list of a branch (the newest 20, every version).
const branch = (await plainIndex.query({ schema: 'changetrail/change', limit: 1 }))[0].branch;
const list = [];
const listAgain = [];
for (let run = 0; run < RUNS; run++) {
  plainIndex.forget();
  list.push((await timed(() => plainIndex.query({ schema: 'changetrail/change', branch, limit: 20, currentOnly: false }))).ms);
  listAgain.push((await timed(() => plainIndex.query({ schema: 'changetrail/change', branch, limit: 20, currentOnly: false }))).ms);
}
row('checklist record list', median(list), 'chunked read', chunkedMs, 1.1);
row('  the same list asked again', median(listAgain), 'chunked read', chunkedMs, undefined);

// 5. Record Deployment's note to production: candidates, range, the range's entries, the note.
const notePath = async (ix) => {
  const t = performance.now();
  // As the command does: the changes made outside git and the range's records are asked while git reads the range.
  const candidates = await core.deploymentCandidates(ix, 'production');
  const outsideGitAsked = core.manualChangesSinceDeployment(ix, 'production', candidates, LOG_END);
  const { range, entries } = await core.deploymentRangeWithEntries(ix, repo, 'production', 'HEAD', { entries: candidates, tagPattern: 'deploy/{env}/*', logger: silent });
  const outsideGit = await outsideGitAsked;
  const built = core.buildDeploymentNote({ range, entries: await entries, config, now: new Date(LOG_END), by: 'Bench', repository: 'bench', outsideGit });
  return { ms: performance.now() - t, commits: range.totalCommits, items: built.changes.length };
};
const noteFloor = async () => {
  const candidates = await core.deploymentCandidates(plainIndex, 'production'); // what the floor needs to know, from the warm index
  const t = performance.now();
  await core.deploymentRange(repo, 'production', 'HEAD', { entries: candidates, tagPattern: 'deploy/{env}/*', logger: silent });
  return { ms: performance.now() - t };
};
const noteAgain = await paired(() => notePath(plainIndex), noteFloor);
const note = await paired(asNew(() => notePath(plainIndex)), noteFloor);
row('Record Deployment note', median(note.ours.map((r) => r.ms)), 'deploymentRange alone (git)', median(note.floor.map((r) => r.ms)), 1.1, `   ${note.ours[0].commits} commits, ${note.ours[0].items} changes in the note`, pairRatio(note));
row('  the same range asked again', median(noteAgain.ours.map((r) => r.ms)), 'deploymentRange alone (git)', median(noteAgain.floor.map((r) => r.ms)), undefined, '', pairRatio(noteAgain));
share(await indexShare(notePath), 'range', note.floor);
core.setGitRoute('direct');
const forkedRange = await medianOf(async () => {
  const candidates = await core.deploymentCandidates(plainIndex, 'production');
  const t = performance.now();
  await core.deploymentRange(repo, 'production', 'HEAD', { entries: candidates, tagPattern: 'deploy/{env}/*', logger: silent });
  return { ms: performance.now() - t };
});
core.setGitRoute('auto');
row('  the floor with git forked by this process', forkedRange, 'deploymentRange alone (git)', median(note.floor.map((r) => r.ms)), undefined);

// 6. This Week in Changes at the log's end.
const week = [];
let weekEntries = 0;
for (let run = 0; run < RUNS; run++) {
  plainIndex.forget();
  week.push((await timed(async () => {
    const entries = await plainIndex.query({ since: LOG_END - 7 * DAY, until: LOG_END });
    weekEntries = entries.length;
    return core.buildDigest(entries, { now: new Date(LOG_END), since: new Date(LOG_END - 7 * DAY), until: new Date(LOG_END) });
  })).ms);
}
row('This Week in Changes', median(week), 'chunked read', chunkedMs, 1.1, `   ${weekEntries.toLocaleString('en')} entries in the week`);

// 7. An append picked up: appendEntry of one record, then a refresh, beside one read of those bytes.
const copy = join(work, 'append.jsonl');
execFileSync('cp', [logPath, copy]);
const appended = new core.LogIndex(copy, silent);
await appended.refresh();
const sample = (await plainIndex.query({ schema: 'changetrail/change', limit: 1 }))[0];
const picks = [];
const reads = [];
for (let run = 0; run < RUNS * 4; run++) {
  const before = statSync(copy).size;
  await appendFile(copy, `${core.serializeEntry({ ...sample, id: sample.id.slice(0, 20) + String(100000 + run).slice(-6).replace(/[ILOU]/g, '0') })}\n`);
  picks.push((await timed(() => appended.refresh())).ms);
  reads.push((await timed(async () => {
    const handle = await open(copy, 'r');
    const buffer = Buffer.allocUnsafe(statSync(copy).size - before);
    await handle.read(buffer, 0, buffer.length, before);
    await handle.close();
  })).ms);
}
row('append picked up (refresh)', median(picks), 'one read of the new bytes', median(reads), undefined, `   (stat + the compared ends + the new line; ${(median(picks) - median(reads)).toFixed(2)} ms over the read)`);
const found = await appended.query({ schema: 'changetrail/change', limit: 1 });
if (found[0]?.id === sample.id) throw new Error('the appended record was not picked up');

clearInterval(sampler);
console.log(`  memory: peak RSS ${mb(peakRss)}, the index holds ${mb(heapIndex)} (heap and typed arrays) for ${RECORDS.toLocaleString('en')} entries (${(heapIndex / RECORDS).toFixed(0)} B/entry)`);
const failed = rows.filter((r) => !r.ok).map((r) => r.label);
console.log(`  goals: ${failed.length === 0 ? 'met' : `NOT met: ${failed.join('; ')}`}`);
rmSync(work, { recursive: true, force: true });
