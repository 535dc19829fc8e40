import { randomBytes } from 'node:crypto';
import { type FileHandle, link, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

// The outbox's file handling: every write atomic and durable, every removal tolerant of a race.

export async function withFile<T>(path: string, flags: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
  const handle = await open(path, flags, 0o600);
  return use(handle).finally(() => handle.close());
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

export function removeFile(dir: string, name: string): Promise<void> {
  return unlink(join(dir, name)).catch((error: unknown) => (codeOf(error) === 'ENOENT' ? undefined : Promise.reject(error)));
}

/** Like writeAtomic, but only where no file is yet (a hard link cannot replace one); false when one was. */
export async function createAtomic(dir: string, name: string, text: string): Promise<boolean> {
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  await withFile(temp, 'w', async (h) => (await h.writeFile(text, 'utf8'), await h.sync()));
  const created = await link(temp, join(dir, name))
    .then(
      () => true,
      (error: unknown) => (codeOf(error) === 'EEXIST' ? false : NO_HARD_LINKS.has(codeOf(error) ?? '') ? createExclusive(dir, name, text) : Promise.reject(error)),
    )
    .finally(() => unlink(temp).catch(() => undefined));
  if (created) await syncDir(dir);
  return created;
}

// What link() answers on file systems without hard links (FAT/exFAT, some SMB and NFS mounts).
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/**
 * createAtomic where hard links are refused: an exclusive create, then the text. A crash in between
 * leaves a short item, which the outbox reports as a bad item rather than losing others; the record
 * itself is in the change log already.
 */
async function createExclusive(dir: string, name: string, text: string): Promise<boolean> {
  const handle = await open(join(dir, name), 'wx').catch((error: unknown) => (codeOf(error) === 'EEXIST' ? undefined : Promise.reject(error)));
  if (!handle) return false;
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function syncDir(dir: string): Promise<void> {
  // Makes a rename or link durable. Windows cannot open a directory (NTFS journals it); some file systems refuse the fsync.
  const folder = await open(dir, 'r').catch(() => undefined);
  await folder?.sync().catch(() => undefined);
  await folder?.close();
}

/** Temp file, fsync, rename over the target, fsync the directory: a reader sees the old file or the new, never a torn one. */
export async function writeAtomic(dir: string, name: string, text: string): Promise<void> {
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  await withFile(temp, 'w', async (h) => (await h.writeFile(text, 'utf8'), await h.sync()));
  await rename(temp, join(dir, name)).catch(async (error: unknown) => {
    await unlink(temp).catch(() => undefined);
    throw error;
  });
  await syncDir(dir);
}

/**
 * The file system's "now", read where the files are: the mtime of a file written now (then removed).
 * A file's age is its mtime against this, never against an injected clock (a test's, a window's
 * clock hours ahead) or this machine's clock when the folder is on another machine's disk.
 */
export async function fileSystemNow(dir: string): Promise<number> {
  const probe = join(dir, `.now-${randomBytes(6).toString('hex')}.probe`);
  return withFile(probe, 'wx', async (h) => (await h.stat()).mtimeMs).finally(() => unlink(probe).catch(() => undefined));
}
