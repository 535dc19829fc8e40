import * as assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeldLogHandle } from '../../../../../src/core/records/index/heldLogHandle';

/** An opener that counts its opens and keeps every handle it gave, to see which were closed. */
function countingOpener() {
  const handles: FileHandle[] = [];
  let failNext = false;
  return {
    handles,
    failOnce: () => void (failNext = true),
    open: async (path: string) => {
      if (failNext) {
        failNext = false;
        throw Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' });
      }
      const handle = await open(path, 'r');
      handles.push(handle);
      return handle;
    },
  };
}

const isClosed = (handle: FileHandle) => handle.fd === -1;
// Reads at a position, as the index does: a shared handle's file position means nothing.
const readAll = async (handle: FileHandle) => {
  const buffer = Buffer.alloc(64);
  const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
  return buffer.subarray(0, bytesRead).toString();
};
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('HeldLogHandle: one handle on the log for questions asked close together', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'changetrail-held-'));
    path = join(dir, 'changes.jsonl');
    writeFileSync(path, 'first\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the log once for reads of the same file, at once or one after another', async () => {
    const opener = countingOpener();
    const held = new HeldLogHandle(path, 60_000, opener.open);
    const [a, b] = await Promise.all([held.use(1, readAll), held.use(1, readAll)]);
    const c = await held.use(1, readAll);
    assert.deepEqual([a, b, c], ['first\n', 'first\n', 'first\n']);
    assert.equal(opener.handles.length, 1);
    assert.equal(isClosed(opener.handles[0]), false, 'kept open while it may be asked again');
    held.release();
    await settle();
    assert.equal(isClosed(opener.handles[0]), true, 'release closes an unused handle');
  });

  it('opens the new file when the log was replaced, and closes the old handle only after its reads are done', async () => {
    const opener = countingOpener();
    const held = new HeldLogHandle(path, 60_000, opener.open);
    let finishOld!: () => void;
    const oldGate = new Promise<void>((resolve) => (finishOld = resolve));
    let opened!: () => void;
    const oldOpen = new Promise<void>((resolve) => (opened = resolve));
    // A question begun on the old file (its handle open) is still reading when the log is replaced.
    const oldRead = held.use(1, async (handle) => {
      opened();
      await oldGate;
      return readAll(handle);
    });
    await oldOpen;
    writeFileSync(join(dir, 'next.jsonl'), 'first\nsecond\n');
    renameSync(join(dir, 'next.jsonl'), path);
    assert.equal(await held.use(2, readAll), 'first\nsecond\n', 'a read for the new inode sees the new file');
    assert.equal(opener.handles.length, 2);
    assert.equal(isClosed(opener.handles[0]), false, 'the old handle is not closed under a read still using it');
    finishOld();
    assert.equal(await oldRead, 'first\n', 'the old read finishes on the file it began with');
    await settle();
    assert.equal(isClosed(opener.handles[0]), true, 'the old handle closes once its last read is done');
    assert.equal(isClosed(opener.handles[1]), false);
    held.release();
  });

  it('closes the handle once nothing read through it for the idle time', async () => {
    const opener = countingOpener();
    const held = new HeldLogHandle(path, 5, opener.open);
    await held.use(1, readAll);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(isClosed(opener.handles[0]), true);
    await held.use(1, readAll);
    assert.equal(opener.handles.length, 2, 'the next question opens the log again');
    held.release();
  });

  it('does not keep a failed open, nor a handle a read failed on', async () => {
    const opener = countingOpener();
    const held = new HeldLogHandle(path, 60_000, opener.open);
    opener.failOnce();
    await assert.rejects(held.use(1, readAll), /EMFILE/);
    assert.equal(await held.use(1, readAll), 'first\n', 'the next question opens again');
    await assert.rejects(held.use(1, async () => Promise.reject(new Error('EIO: i/o error'))), /EIO/);
    await settle();
    assert.equal(isClosed(opener.handles[0]), true, 'a handle a read failed on is closed');
    assert.equal(await held.use(1, readAll), 'first\n');
    assert.equal(opener.handles.length, 2);
    held.release();
  });
});
