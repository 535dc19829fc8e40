import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INCIDENT_LOCK_EMPTY_GRACE_MS, INCIDENT_LOCK_STALE_MS, withIncidentLock } from '../../../../src/core/incidents/incidentLock';
import { incidentLockPathFor } from '../../../../src/core/records/index/sidecarLocation';

// A lock whose owner cannot be proven gone (another host's token through a bind-mounted folder, a
// crash that left the file empty, a pid since reused) must still be taken over once abandoned, else
// every incident update fails after the wait for ever. Ages are read against the file system's clock.

describe('incident lock: abandoned locks', () => {
  let dir: string;
  let logPath: string;
  let lockPath: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ct-incident-lock-'));
    logPath = join(dir, 'changes.jsonl');
    lockPath = incidentLockPathFor(logPath);
    mkdirSync(dirname(lockPath), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes a lock holding `token`, its mtime `ageMs` before the file system's own now. */
  function leaveLock(token: string, ageMs: number): void {
    writeFileSync(lockPath, token);
    const fsNow = statSync(lockPath).mtimeMs;
    const seconds = (fsNow - ageMs) / 1000;
    utimesSync(lockPath, seconds, seconds);
  }

  const run = () => withIncidentLock(logPath, async () => 'done', 200);

  it('takes over an old lock of another host', async () => {
    leaveLock(`4242-0123456789abcdef@not-${hostname()}`, INCIDENT_LOCK_STALE_MS + 60_000);
    assert.equal(await run(), 'done');
    assert.equal(existsSync(lockPath), false);
  });

  it('takes over an old lock whose pid is alive again (reused)', async () => {
    leaveLock(`${process.pid}-0123456789abcdef@${hostname()}`, INCIDENT_LOCK_STALE_MS + 60_000);
    assert.equal(await run(), 'done');
  });

  it('takes over an empty lock after the short grace', async () => {
    leaveLock('', INCIDENT_LOCK_EMPTY_GRACE_MS + 1_000);
    assert.equal(await run(), 'done');
  });

  it('waits for a fresh lock of another host, and leaves it in place', async () => {
    const token = `4242-0123456789abcdef@not-${hostname()}`;
    leaveLock(token, 1_000);
    await assert.rejects(run(), /another update of an incident holds/);
    assert.equal(readFileSync(lockPath, 'utf8'), token);
  });

  it('waits for an empty lock still within its grace (a taker between create and write)', async () => {
    leaveLock('', 0);
    await assert.rejects(run(), /another update of an incident holds/);
    assert.equal(existsSync(lockPath), true);
  });
});
