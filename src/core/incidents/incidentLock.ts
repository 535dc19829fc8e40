import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ChangeTrailError } from '../errors';
import { fileSystemNow } from '../records/outboxFiles';
import { ownerGone } from '../records/outboxLock';
import { incidentLockPathFor } from '../records/index/sidecarLocation';

const POLL_MS = 20;
/** How long an update waits for another one on this machine before giving up (a read and an append take milliseconds). */
export const INCIDENT_LOCK_WAIT_MS = 15_000;
/** A lock untouched this long is abandoned whoever wrote it (another host, a reused pid): the work under it takes milliseconds. */
export const INCIDENT_LOCK_STALE_MS = 120_000;
/** An empty or unreadable lock (a crash between create and write) is abandoned after this grace. */
export const INCIDENT_LOCK_EMPTY_GRACE_MS = 5_000;

/**
 * Runs `work` (read an incident's state, append its next one) holding the incident lock of the
 * log at `logPath`, so two processes on this machine never both supersede the same state: the
 * second reads the first's record. A lock is taken over when its process on this machine is gone,
 * when it is older than INCIDENT_LOCK_STALE_MS, or empty for INCIDENT_LOCK_EMPTY_GRACE_MS (ages by
 * the file system's own clock, never this machine's or an injected one). Forks that
 * a lock cannot prevent (two clones, merged) are joined when read (incidentStates.ts).
 */
export async function withIncidentLock<T>(logPath: string, work: () => Promise<T>, waitMs = INCIDENT_LOCK_WAIT_MS): Promise<T> {
  const path = incidentLockPathFor(logPath);
  await mkdir(dirname(path), { recursive: true });
  const token = `${process.pid}-${randomBytes(8).toString('hex')}@${hostname()}`;
  // Counted in polls, not read from a clock: the injected clock may stand still.
  for (let waited = 0; ; waited += POLL_MS) {
    if (await take(path, token)) break;
    if (waited >= waitMs) {
      const holder = (await readFile(path, 'utf8').catch(() => '')).trim();
      throw new ChangeTrailError('BadRange', `another update of an incident holds ${path}${holder ? ` (${holder})` : ''}; try again, or remove that file if no changetrail is running`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  try {
    return await work();
  } finally {
    if ((await readFile(path, 'utf8').catch(() => undefined)) === token) await unlink(path).catch(() => undefined);
  }
}

async function take(path: string, token: string): Promise<boolean> {
  const held = await holder(path);
  if (held && (await abandoned(path, held))) {
    // Another taker may have broken the same lock and made a fresh one meanwhile: remove only the file we judged.
    const again = await holder(path);
    if (again && again.ino === held.ino && again.mtimeMs === held.mtimeMs && again.token === held.token) await unlink(path).catch(() => undefined);
  }
  try {
    const handle = await open(path, 'wx', 0o600);
    await handle.writeFile(token).finally(() => handle.close());
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

interface Holder {
  readonly token: string;
  readonly ino: number;
  readonly mtimeMs: number;
}

async function holder(path: string): Promise<Holder | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return undefined;
  const token = (await readFile(path, 'utf8').catch(() => '')).trim();
  return { token, ino: info.ino, mtimeMs: info.mtimeMs };
}

async function abandoned(path: string, held: Holder): Promise<boolean> {
  if (held.token !== '' && ownerGone(held.token)) return true;
  const now = await fileSystemNow(dirname(path)).catch(() => undefined);
  if (now === undefined) return false;
  const age = now - held.mtimeMs;
  return age >= INCIDENT_LOCK_STALE_MS || (held.token === '' && age >= INCIDENT_LOCK_EMPTY_GRACE_MS);
}
