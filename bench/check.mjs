// bench/check: `changetrail check` over 10,000 commits of the bench repository (bench/makeBigRepo)
// beside the `git log` it cannot avoid (the same range, the same NUL-separated format), in the
// same run, interleaved so drift hits both alike. Goal: at most 1.3x git log. Also prints the
// peak memory of a check over the whole 80,000-commit history against the 10,000 one: streaming
// keeps it flat. Usage: `node bench/check.mjs` (after `node esbuild.config.mjs`); with
// BENCH_BASELINE_CLI=<another build's cli.js> that build is timed too, interleaved in the same run.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ensureBigRepo } from './makeBigRepo.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 9);
const cli = resolve('dist/cli.js');
const repo = await ensureBigRepo();
const range = 'main~10000..main';
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };

function timed(command, args) {
  const t = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: repo, env, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}

const gitLog = () => timed('git', ['log', '--no-show-signature', '-z', '--format=%H%x00%P%x00%an <%ae>%x00%B', range, '--']);
const check = (...extra) => timed(process.execPath, [cli, 'check', range, ...extra]);
// The least any Node CLI can do here: start, run the same git log, read its output to the end.
const nodeGitLog = () => timed(process.execPath, ['-e', `require('node:child_process').spawnSync('git', ['log', '--no-show-signature', '-z', '--format=%H%x00%P%x00%an <%ae>%x00%B', ${JSON.stringify(range)}, '--'], { maxBuffer: 1 << 30 })`]);
const baseline = process.env.BENCH_BASELINE_CLI ? resolve(process.env.BENCH_BASELINE_CLI) : undefined;

const commits = gitLog().out.toString('utf8').split('\0').length >> 2;
const report = JSON.parse(check('--format', 'json').out.toString('utf8'));
if (report.total !== commits) throw new Error(`check saw ${report.total} commits, git log ${commits}`);

const floor = [];
const bare = [];
const nodeFloor = [];
const startup = [];
const text = [];
const json = [];
const before = { startup: [], text: [] };
for (let i = 0; i < RUNS; i++) {
  floor.push(gitLog().ms);
  bare.push(timed(process.execPath, ['-e', '0']).ms);
  nodeFloor.push(nodeGitLog().ms);
  startup.push(timed(process.execPath, [cli, '--version']).ms);
  text.push(check().ms);
  json.push(check('--format', 'json').ms);
  if (baseline) {
    before.startup.push(timed(process.execPath, [baseline, '--version']).ms);
    before.text.push(timed(process.execPath, [baseline, 'check', range]).ms);
  }
}
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`.padStart(10);

function peakKb(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, ...args], { cwd: repo, env, maxBuffer: 1 << 30 });
  return Number(String(r.stderr).trim().split('\n').pop());
}

console.log(`bench/check (${commits.toLocaleString('en')} commits in ${range}, ${RUNS} runs each, interleaved, p50)`);
console.log(`  git log (floor)                ${ms(p50(floor))}`);
console.log(`  node -e 0                      ${ms(p50(bare))}   (${(p50(bare) / p50(floor)).toFixed(2)}x git log: Node's own start, under any Node CLI)`);
console.log(`  node running only this git log${ms(p50(nodeFloor))}   (${(p50(nodeFloor) / p50(floor)).toFixed(2)}x git log: the least a Node CLI can do here)`);
console.log(`  node dist/cli.js --version     ${ms(p50(startup))}   (start-up alone, in every run of check)`);
console.log(`  changetrail check              ${ms(p50(text))}   ${(p50(text) / p50(floor)).toFixed(2)}x`);
console.log(`  changetrail check --format json${ms(p50(json))}   ${(p50(json) / p50(floor)).toFixed(2)}x`);
const ratio = p50(text) / p50(floor);
console.log(`  ratio (text, p50): ${ratio.toFixed(2)}x   goal <= 1.3x -> ${ratio <= 1.3 ? 'met' : 'NOT met'}`);
console.log(`  past start-up: ${((p50(text) - p50(startup)) / p50(floor)).toFixed(2)}x git log; past Node's own start: ${((p50(text) - p50(bare)) / p50(floor)).toFixed(2)}x`);
console.log(`  beside the least a Node CLI can do (node running only this git log): ${(p50(text) / p50(nodeFloor)).toFixed(2)}x`);
if (baseline) console.log(`  baseline ${baseline}: --version ${ms(p50(before.startup))}, check ${ms(p50(before.text))} ${(p50(before.text) / p50(floor)).toFixed(2)}x`);
const small = peakKb(['check', range]);
const whole = peakKb(['check', 'main']);
if (small && whole) console.log(`  peak memory: ${(small / 1024).toFixed(0)} MB for 10,000 commits, ${(whole / 1024).toFixed(0)} MB for the whole history (${(whole / small).toFixed(2)}x)`);
