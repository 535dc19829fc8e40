// bench/commit-hook: `git commit` in a temp repository on a ticket branch, with and without
// ChangeTrail's hooks, in the same run, interleaved so drift hits both alike. The message names
// no ticket, so the hooks do their real work: prepare-commit-msg adds the branch's ticket and
// commit-msg checks it. Goal: at most 2x a bare commit.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const N = Number(process.env.BENCH_COMMITS || 60);
const cli = resolve('dist/cli.js');
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@x' };

function repo(withHooks) {
  const dir = mkdtempSync(join(tmpdir(), 'changetrail-bench-commit-'));
  const git = (...args) => execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('commit', '-q', '--allow-empty', '-m', 'init');
  git('checkout', '-q', '-b', 'feature/PROJ-123-login-timeout');
  writeFileSync(join(dir, 'README.md'), 'x\n');
  if (withHooks) execFileSync(process.execPath, [cli, 'hooks', 'install'], { cwd: dir, stdio: 'pipe' });
  // Warm up: the first commit compiles the policy.
  git('commit', '-q', '--allow-empty', '-m', 'warm up');
  return { dir, git };
}

function time(r) {
  const t = process.hrtime.bigint();
  const res = spawnSync('git', ['commit', '-q', '--allow-empty', '-m', 'Shorten login timeout'], { cwd: r.dir, env });
  if (res.status !== 0) throw new Error(`commit failed: ${res.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const bare = repo(false);
const hooked = repo(true);
const subject = execFileSync('git', ['log', '-1', '--format=%s'], { cwd: hooked.dir, env, encoding: 'utf8' }).trim();
if (subject !== 'PROJ-123: warm up') throw new Error(`the hooks did not prefill the ticket: "${subject}"`);
const a = [];
const b = [];
for (let i = 0; i < N; i++) {
  a.push(time(bare));
  b.push(time(hooked));
}
const p = (xs, q) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * q)];
const ms = (x) => `${x.toFixed(2)} ms`;
console.log(`bench/commit-hook (${N} commits each, interleaved)`);
console.log(`  bare git commit                 p50 ${ms(p(a, 0.5)).padStart(9)}  p90 ${ms(p(a, 0.9)).padStart(9)}`);
console.log(`  with ChangeTrail hooks          p50 ${ms(p(b, 0.5)).padStart(9)}  p90 ${ms(p(b, 0.9)).padStart(9)}`);
const ratio = p(b, 0.5) / p(a, 0.5);
console.log(`  ratio (p50): ${ratio.toFixed(2)}x   goal <= 2x -> ${ratio <= 2 ? 'met' : 'NOT met'}`);
rmSync(bare.dir, { recursive: true, force: true });
rmSync(hooked.dir, { recursive: true, force: true });
