// bench/commit-hook: `git commit` in temp repositories on a ticket branch, bare, with do-nothing sh
// hooks (the floor any hook pays: two sh processes), and with ChangeTrail's hooks, in the same
// run, interleaved so drift hits all alike. The message names no ticket, so the hooks do their
// real work: prepare-commit-msg adds the branch's ticket and commit-msg checks it.
// Then 1 MB messages (one line; many lines) beside a bare commit of the same message: the hooks
// must stay linear in the message (issue 12). Goal: common commit at most 1.7x a bare one.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const N = Number(process.env.BENCH_COMMITS || 60);
const BIG_N = Number(process.env.BENCH_BIG_COMMITS || 5);
const cli = resolve('dist/cli.js');
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@x' };
const dirs = [];

function repo(kind) {
  const dir = mkdtempSync(join(tmpdir(), 'changetrail-bench-commit-'));
  dirs.push(dir);
  const git = (...args) => execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('commit', '-q', '--allow-empty', '-m', 'init');
  git('checkout', '-q', '-b', 'feature/PROJ-123-login-timeout');
  writeFileSync(join(dir, 'README.md'), 'x\n');
  if (kind === 'hooks') execFileSync(process.execPath, [cli, 'hooks', 'install'], { cwd: dir, stdio: 'pipe' });
  if (kind === 'noop') {
    for (const hook of ['prepare-commit-msg', 'commit-msg']) {
      writeFileSync(join(dir, '.git', 'hooks', hook), '#!/bin/sh\nexit 0\n');
      chmodSync(join(dir, '.git', 'hooks', hook), 0o755);
    }
  }
  // Warm up: the first commit compiles the policy and remembers the branch's ticket.
  git('commit', '-q', '--allow-empty', '-m', 'warm up');
  return { dir, git };
}

function time(r, args) {
  const t = process.hrtime.bigint();
  const res = spawnSync('git', ['commit', '-q', '--allow-empty', ...args], { cwd: r.dir, env });
  if (res.status !== 0) throw new Error(`commit failed: ${res.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const p = (xs, q) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * q)];
const ms = (x) => `${x.toFixed(2)} ms`.padStart(10);
const row = (label, xs) => console.log(`  ${label.padEnd(34)} p50 ${ms(p(xs, 0.5))}  p90 ${ms(p(xs, 0.9))}`);

try {
  const bare = repo('bare');
  const noop = repo('noop');
  const hooked = repo('hooks');
  const subject = execFileSync('git', ['log', '-1', '--format=%s'], { cwd: hooked.dir, env, encoding: 'utf8' }).trim();
  if (subject !== 'PROJ-123: warm up') throw new Error(`the hooks did not prefill the ticket: "${subject}"`);
  const a = [];
  const b = [];
  const c = [];
  const msg = ['-m', 'Shorten login timeout'];
  for (let i = 0; i < N; i++) {
    a.push(time(bare, msg));
    b.push(time(noop, msg));
    c.push(time(hooked, msg));
  }
  console.log(`bench/commit-hook (${N} commits each, interleaved)`);
  row('bare git commit', a);
  row('do-nothing sh hooks (floor)', b);
  row('with ChangeTrail hooks', c);
  const floor = p(b, 0.5) / p(a, 0.5);
  const ratio = p(c, 0.5) / p(a, 0.5);
  console.log(`  ratio (p50): floor ${floor.toFixed(2)}x, ChangeTrail ${ratio.toFixed(2)}x   goal <= 1.7x -> ${ratio <= 1.7 ? 'met' : 'NOT met'}`);

  // 1 MB messages from a file (-F): no digit in them, so only the branch's ticket counts.
  const words = 'shorten the login timeout ';
  const big = {
    '1 MB on one line': words.repeat(Math.ceil(2 ** 20 / words.length)).slice(0, 2 ** 20) + '\n',
    '1 MB over many lines': `Shorten login timeout\n\n${`${words.repeat(3)}\n`.repeat(Math.ceil(2 ** 20 / (words.length * 3 + 1)))}`,
  };
  console.log(`1 MB messages (${BIG_N} commits each, interleaved)`);
  for (const [label, text] of Object.entries(big)) {
    const file = join(dirs[0], '..', `${dirs[0].split('/').pop()}-msg.txt`);
    writeFileSync(file, text);
    const x = [];
    const y = [];
    for (let i = 0; i < BIG_N; i++) {
      x.push(time(bare, ['-F', file]));
      y.push(time(hooked, ['-F', file]));
    }
    rmSync(file, { force: true });
    const head = execFileSync('git', ['log', '-1', '--format=%s'], { cwd: hooked.dir, env, encoding: 'utf8', maxBuffer: 1 << 24 }).slice(0, 14);
    if (head !== 'PROJ-123: shor' && head !== 'PROJ-123: Shor') throw new Error(`the hooks did not prefill the ticket on ${label}: "${head}"`);
    row(`bare, ${label}`, x);
    row(`ChangeTrail, ${label}`, y);
    console.log(`  ratio (p50): ${(p(y, 0.5) / p(x, 0.5)).toFixed(2)}x`);
  }
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
