import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOOKS_LOCK, withHooksLock } from '../../../../src/core/git/hooks/hooksLock';

// Two waiters on a stale hooks lock (its process gone) could both take it over: both read the dead
// pid, A removed the lock and made its own, then B removed A's live lock and made another; two
// installs then ran at once, the race the lock exists to prevent. And a lock was made empty and
// its pid written after, so for a moment it had no owner. Now a takeover happens under a second
// short lock that re-reads the pid, and the lock is created with its pid in one step.
// This file is also the worker: run by node with CT_LOCK_WORKER set, it takes the lock once.

const WORKER = process.env.CT_LOCK_WORKER;

async function worker(dir: string): Promise<void> {
  const log = join(dir, 'log');
  await withHooksLock(dir, async () => {
    // Inside, nobody else may be: a holder file left by another process means two are in.
    const holder = join(dir, 'holder');
    appendFileSync(log, existsSync(holder) ? `overlap ${process.pid}\n` : `in ${process.pid}\n`);
    writeFileSync(holder, `${process.pid}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
    rmSync(holder, { force: true });
    appendFileSync(log, `out ${process.pid}\n`);
  });
}

function runWorker(dir: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename], { env: { ...process.env, CT_LOCK_WORKER: dir }, stdio: 'ignore' });
    child.on('close', resolve);
  });
}

if (WORKER) {
  worker(WORKER).then(() => process.exit(0), () => process.exit(1));
} else {
  describe('hooks lock: taking over a lock whose process is gone', () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    });

    it('lets exactly one waiter in at a time, however many saw the dead owner', async function () {
      this.timeout(120_000);
      dir = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-lock-')));
      for (let round = 0; round < 6; round++) {
        // A stale lock as an earlier version left it (a folder with the pid of a process that is gone).
        const lock = join(dir, HOOKS_LOCK);
        mkdirSync(lock);
        writeFileSync(join(lock, 'pid'), '4194305\n');
        const codes = await Promise.all(Array.from({ length: 6 }, () => runWorker(dir as string)));
        assert.deepEqual(codes, [0, 0, 0, 0, 0, 0]);
        const log: string[] = readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean);
        rmSync(join(dir, 'log'));
        assert.ok(!log.some((l) => l.startsWith('overlap')), `round ${round}: two held the lock at once:\n${log.join('\n')}`);
        // Strictly alternating in/out of the same process.
        for (let i = 0; i < log.length; i += 2) assert.equal(log[i + 1], log[i].replace('in', 'out'), log.join('\n'));
        assert.equal(log.length, 12);
        assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith(HOOKS_LOCK)), [], 'lock, guard or temp file left behind');
      }
    });

    // A failed takeover looped without waiting and without the deadline: a guard dated in the
    // future (clock skew, a network file system) was never stale, and the install spun for ever.
    it('a takeover guard dated in the future is stale: the lock of a dead owner is still taken', async function () {
      this.timeout(20_000);
      dir = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-lock-')));
      const dead = spawn(process.execPath, ['-e', '0']);
      await new Promise((resolve) => dead.on('close', resolve));
      writeFileSync(join(dir, HOOKS_LOCK), `${dead.pid}\n`);
      mkdirSync(join(dir, `${HOOKS_LOCK}.takeover`));
      const hourAhead = new Date(Date.now() + 3_600_000);
      utimesSync(join(dir, `${HOOKS_LOCK}.takeover`), hourAhead, hourAhead);
      assert.equal(await withHooksLock(dir, async () => 'in'), 'in');
      assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith(HOOKS_LOCK)), [], 'lock or guard left behind');
    });

    it('never removes a lock whose owner is alive', async () => {
      dir = realpathSync(mkdtempSync(join(tmpdir(), 'changetrail-lock-')));
      // The parent's pid: alive, not this process (a lock of our own pid is never "gone").
      writeFileSync(join(dir, HOOKS_LOCK), `${process.ppid}\n`);
      const child = runWorker(dir);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.ok(!existsSync(join(dir, 'log')), 'the worker went in while the owner lives');
      rmSync(join(dir, HOOKS_LOCK));
      assert.equal(await child, 0);
      assert.match(readFileSync(join(dir, 'log'), 'utf8'), /^in \d+\nout \d+\n$/);
    });
  });
}
