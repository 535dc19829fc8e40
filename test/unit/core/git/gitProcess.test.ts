import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitHelperPid, setGitRoute } from '../../../../src/core/git/gitProcess';
import { runGit } from '../../../../src/core/git/runGit';
import { streamGit } from '../../../../src/core/history/streamGit';
import { createTestRepo, type TestRepo } from '../../../helpers/createTestRepo';
import { importCommits } from '../history/historyFixtures';

/** The parent process id of `pid`, from /proc (Linux, where the helper matters). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** What a runGit gave: its output, or the error's class, code and message. */
async function outcome(run: () => Promise<string | Buffer>): Promise<string> {
  try {
    const out = await run();
    return `ok ${Buffer.isBuffer(out) ? out.toString('latin1') : out}`;
  } catch (error) {
    const e = error as Error & { code?: string; detail?: string };
    return `failed ${e.name} ${e.code ?? ''} ${e.message} | ${e.detail ?? ''}`;
  }
}

describe('git started by the helper process (what a big extension host uses)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  // A "git" that runs until it is killed: a script that becomes sleep, so the kill reaches it.
  let slowGit: string;
  before(() => {
    repo = createTestRepo();
    slowGit = join(repo.path, '.git', 'slow-git');
    writeFileSync(slowGit, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    importCommits(repo, 1500, 'hot.txt', 300);
    repo.commit('PROJ-9 ünïcode name\n\nbody with \u001e and \u001f', { 'dir/ü file.txt': 'x\n' });
  });
  after(() => {
    setGitRoute('auto');
    repo.dispose();
  });

  // The same questions asked both ways, from plain output to git's own complaints.
  const questions: [string, (cwd: string) => Promise<string | Buffer>][] = [
    ['a whole log (several chunks)', (cwd) => runGit(['log', '--format=%H%x00%P%x00%an%x00%B', '-z'], { cwd })],
    ['a name with non-ASCII bytes', (cwd) => runGit(['-c', 'core.quotePath=false', 'log', '-1', '--name-only', '--format=%s'], { cwd })],
    ['stdin written and closed', async (cwd) => {
      const out: Buffer[] = [];
      await streamGit(['cat-file', '--batch-check'], (chunk) => out.push(chunk), { cwd, stdin: 'HEAD\nHEAD~3\nnosuch\n' }).done;
      return Buffer.concat(out);
    }],
    ['a revision that does not exist', (cwd) => runGit(['rev-parse', '--verify', 'nosuch^{commit}'], { cwd })],
    ['outside any repository', () => runGit(['log', '-1'], { cwd: '/' })],
    ['a git that is not on PATH', (cwd) => runGit(['version'], { cwd, gitPath: '/nonexistent/git' })],
    ['a folder that does not exist', () => runGit(['version'], { cwd: '/nonexistent-folder-changetrail' })],
    ['an exit code git gives without a message', (cwd) => runGit(['diff', '--quiet', 'HEAD~1', 'HEAD'], { cwd })],
  ];

  it('answers every question as git started directly does: output, errors and exit codes byte for byte', async () => {
    setGitRoute('direct');
    const direct = [];
    for (const [, ask] of questions) direct.push(await outcome(() => ask(repo.path)));
    setGitRoute('helper');
    const helped = [];
    for (const [, ask] of questions) helped.push(await outcome(() => ask(repo.path)));
    assert.ok(gitHelperPid() !== undefined, 'the helper is running');
    for (let i = 0; i < questions.length; i++) assert.equal(helped[i], direct[i], questions[i][0]);
    assert.match(direct[0], /^ok [0-9a-f]{40}\0/);
    assert.match(direct[3], /^failed ChangeTrailError GitFailed/);
    assert.match(direct[5], /^failed ChangeTrailError GitNotFound/);
    assert.match(direct[7], /^failed ChangeTrailError GitFailed git diff failed: exit 1/);
  });

  it('gives git the environment as it is at each launch: variables set and removed since the helper started', async () => {
    setGitRoute('helper');
    process.env.CT_GONE = 'there';
    // A helper started now takes this environment as the one it is sent differences from.
    const old = gitHelperPid();
    if (old !== undefined) {
      process.kill(old, 'SIGKILL');
      for (let i = 0; i < 200 && gitHelperPid() === old; i++) await new Promise((r) => setTimeout(r, 5));
    }
    setGitRoute('helper');
    await runGit(['version'], { cwd: repo.path });
    assert.ok(gitHelperPid() !== undefined && gitHelperPid() !== old);
    process.env.CT_SET = 'later';
    delete process.env.CT_GONE;
    const show = () => runGit(['-c', 'alias.envtest=!printf "%s|%s|%s" "$CT_SET" "${CT_GONE-unset}" "$GIT_TERMINAL_PROMPT"', 'envtest'], { cwd: repo.path });
    try {
      const helped = await show();
      setGitRoute('direct');
      assert.equal(helped, await show());
      assert.equal(helped, 'later|unset|0');
    } finally {
      delete process.env.CT_SET;
    }
  });

  it('really starts git from the helper, not from this process', async () => {
    setGitRoute('helper');
    await runGit(['version'], { cwd: repo.path });
    const helper = gitHelperPid();
    assert.ok(helper !== undefined);
    process.kill(helper, 0); // throws when no such process runs
    let parent = -1;
    // A git that runs until stopped: its parent is asked while it runs.
    const stream = streamGit(['wait'], () => undefined, { cwd: repo.path, gitPath: slowGit });
    for (let i = 0; i < 200 && stream.pid === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    parent = parentOf(stream.pid as number);
    stream.stop();
    await stream.done;
    assert.equal(parent, helper);
    assert.notEqual(parent, process.pid);
  });

  // (Stopping and aborting streamGit through the helper: streamGit.test.ts, which npm test runs again with every git through it.)
  it('aborts a runGit, started either way or already aborted, rejecting with the abort reason', async () => {
    for (const route of ['direct', 'helper'] as const) {
      setGitRoute(route);
      const ran = new AbortController();
      const asked = runGit(['wait'], { cwd: repo.path, signal: ran.signal, gitPath: slowGit });
      setTimeout(() => ran.abort(), 50);
      await assert.rejects(asked, (e: Error) => e.name === 'AbortError', route);
      const before = new AbortController();
      before.abort(new Error('given up before it started'));
      await assert.rejects(runGit(['version'], { cwd: repo.path, signal: before.signal }), /given up before it started/, route);
    }
  });

  it('a helper that dies fails only the git it was running; the next ones still run', async () => {
    setGitRoute('helper');
    await runGit(['version'], { cwd: repo.path });
    const helper = gitHelperPid() as number;
    const running = runGit(['wait'], { cwd: repo.path, gitPath: slowGit });
    await new Promise((r) => setTimeout(r, 100));
    process.kill(helper, 'SIGKILL');
    await assert.rejects(running, /helper process that started git has exited/);
    // The next git starts (through a new helper, or directly) and answers.
    assert.match(await runGit(['rev-parse', 'HEAD'], { cwd: repo.path }), /^[0-9a-f]{40}\n$/);
    assert.notEqual(gitHelperPid(), helper);
  });

  it('a git asked for just as the helper dies is started directly instead, not lost', async () => {
    setGitRoute('helper');
    await runGit(['version'], { cwd: repo.path });
    const helper = gitHelperPid() as number;
    process.kill(helper, 'SIGKILL');
    // Asked before this process has seen the helper go: the message waits in a dead channel.
    const answers = await Promise.all([runGit(['rev-parse', 'HEAD'], { cwd: repo.path }), runGit(['rev-parse', 'HEAD~1'], { cwd: repo.path })]);
    assert.equal(answers.length, 2);
    for (const a of answers) assert.match(a, /^[0-9a-f]{40}\n$/);
  });

  it("the 'auto' route spawns directly in a small process (a CLI run), through the helper in a big one", async () => {
    // The line drawn 100 MB above this process's size: it is small.
    const line = process.memoryUsage.rss() + 100 * 1024 * 1024;
    setGitRoute('auto', line);
    await runGit(['version'], { cwd: repo.path });
    assert.equal(gitHelperPid(), undefined);
    // Grown past the line (touched memory, as an index of a big log is), the next git goes through the helper.
    const ballast = Buffer.alloc(200 * 1024 * 1024, 1);
    setGitRoute('auto', line); // the size is read at most once a second; this reads it again
    assert.match(await runGit(['rev-parse', 'HEAD'], { cwd: repo.path }), /^[0-9a-f]{40}\n$/);
    assert.ok(gitHelperPid() !== undefined, `rss ${process.memoryUsage.rss()}, line ${line}`);
    assert.equal(ballast[ballast.length - 1], 1);
  });
});
