import { constants, lstatSync, realpathSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ChangeTrailError } from '../errors';

/** Where the shared change log lives unless the team config says otherwise (relative to the repository). */
export const DEFAULT_CHANGE_LOG_PATH = '.changetrail/changes.jsonl';

/** The environment variable the CLI reads shared log folders from (path-delimited), as the editor reads changetrail.records.sharedLogFolders. */
export const SHARED_LOG_FOLDERS_VARIABLE = 'CHANGETRAIL_SHARED_LOG_FOLDERS';

// Absent on Windows, where the regular-file check after opening carries the weight alone.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
// A FIFO opened for reading would block until a writer came; non-blocking, it opens and is refused.
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/** Shared folders from CHANGETRAIL_SHARED_LOG_FOLDERS (a machine's own choice, never the committed config). */
export function sharedLogFoldersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const delimiter = process.platform === 'win32' ? ';' : ':';
  return (env[SHARED_LOG_FOLDERS_VARIABLE] ?? '').split(delimiter).map((f) => f.trim()).filter((f) => f !== '' && isAbsolute(f));
}

/**
 * The absolute path of the change log. `configured` comes from the committed team config, so it
 * may only point inside the repository, or inside a folder the user allowed in their own settings
 * (`sharedFolders`: changetrail.records.sharedLogFolders, or CHANGETRAIL_SHARED_LOG_FOLDERS for
 * the CLI). Folders on the way that are symlinks count where they lead. Anything else is refused
 * with a ChangeTrailError (LogPathRefused) that says how to allow it.
 */
export function changeLogPath(repositoryRoot: string, configured = DEFAULT_CHANGE_LOG_PATH, sharedFolders: readonly string[] = []): string {
  // "", "   " or "logs/": no file name to write to ("   " was a file named three spaces).
  // A NUL byte cannot be in a path: Node threw its own TypeError (exit 70, "ChangeTrail's fault").
  if (configured.includes('\0')) {
    throw new ChangeTrailError('LogPathRefused', `The change log path ${JSON.stringify(configured)} (records.log.path) holds a NUL character: give a file inside the repository, such as "${DEFAULT_CHANGE_LOG_PATH}".`);
  }
  const name = configured.split(/[\\/]/).at(-1) ?? '';
  if (name.trim() === '' || name !== name.trim() || name === '.' || name === '..') {
    throw new ChangeTrailError('LogPathRefused', `The change log path ${JSON.stringify(configured)} (records.log.path) does not name a file: give a file inside the repository, such as "${DEFAULT_CHANGE_LOG_PATH}".`);
  }
  const root = resolve(repositoryRoot);
  const path = resolve(root, configured);
  const allowed = [root, ...sharedFolders.filter((f) => isAbsolute(f)).map((f) => resolve(f))];
  const real = realFolder(dirname(path));
  const inside = allowed.some((folder) => within(path, folder)) && allowed.some((folder) => within(real, realFolder(folder)));
  if (!inside) {
    throw new ChangeTrailError(
      'LogPathRefused',
      `The change log path "${configured}" (records.log.path) leads outside the repository${real !== dirname(path) ? ` (through a symlink to ${real.replace(`${sep}\0`, '')})` : ''}: ` +
        'a committed config may only name a file inside it. To use a shared folder, add it to your own setting changetrail.records.sharedLogFolders ' +
        `(CLI: ${SHARED_LOG_FOLDERS_VARIABLE}).`,
    );
  }
  // Inside the repository but in git's own folder (.git/config, .git/hooks/pre-commit): an append
  // there breaks the repository or lands in a script git runs. Also a folder symlinked into it.
  if (gitFolderPart(relative(root, path)) || gitFolderPart(relative(realFolder(root), real))) {
    throw new ChangeTrailError(
      'LogPathRefused',
      `The change log path "${configured}" (records.log.path) leads into git's own folder (.git): give a file inside the repository's work tree, such as "${DEFAULT_CHANGE_LOG_PATH}". Nothing was read or written.`,
    );
  }
  return path;
}

// Whether a path relative to the repository goes through a folder git keeps to itself: ".git" in
// any case (case-insensitive file systems), with the trailing dots or blanks Windows ignores, or
// its 8.3 short name, as git itself refuses them (is_ntfs_dotgit).
function gitFolderPart(rel: string): boolean {
  if (rel === '' || isAbsolute(rel) || rel.startsWith('..')) return false;
  return rel.split(/[\\/]/).some((part) => {
    const name = part.toLowerCase().replace(/[. ]+$/, '');
    return name === '.git' || name === 'git~1';
  });
}

/**
 * Opens the change log without following a symlink at its name, and only when it is a regular
 * file: a symlink, a FIFO, a device (/dev/zero) or a folder is refused with a ChangeTrailError
 * (LogPathRefused). `append` creates a missing file (mode 0644) and writes with O_APPEND; ENOENT
 * otherwise reaches the caller as it is.
 */
export async function openLogFile(path: string, mode: 'read' | 'append'): Promise<FileHandle> {
  const flags = mode === 'read' ? constants.O_RDONLY | NOFOLLOW | NONBLOCK : constants.O_APPEND | constants.O_CREAT | constants.O_RDWR | NOFOLLOW | NONBLOCK;
  let handle: FileHandle;
  try {
    handle = await open(path, flags, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw refused(path, 'is a symbolic link');
    if (code === 'EISDIR') throw refused(path, 'is a folder');
    if (code === 'ENXIO') throw refused(path, 'is a FIFO or socket');
    const why = unusableReason(code);
    if (why) throw unusable(path, mode, why);
    throw error;
  }
  const info = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!info.isFile()) {
    await handle.close();
    throw refused(path, info.isDirectory() ? 'is a folder' : info.isFIFO() ? 'is a FIFO' : info.isCharacterDevice() || info.isBlockDevice() ? 'is a device' : 'is not a regular file');
  }
  return handle;
}

// Why a log cannot be opened, by errno: the person can act on these (they were a bare "EACCES:
// permission denied, open ..." and exit 70, "ChangeTrail's fault").
const UNUSABLE: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENAMETOOLONG: 'the path is too long',
};

/** The ChangeTrailError (LogPathRefused, exit 2 in the CLI) for a log that cannot be opened to read or append. */
export function unusable(path: string, mode: 'read' | 'append', why: string): ChangeTrailError {
  const done = mode === 'read' ? 'Nothing was read' : 'The record was not written';
  return new ChangeTrailError('LogPathRefused', `The change log ${path} cannot be ${mode === 'read' ? 'read' : 'written'}: ${why}. ${done}; check the file's permissions or records.log.path.`);
}

/** The errno reason openLogFile gives for `code`, when it is one a person can act on. */
export function unusableReason(code: string | undefined): string | undefined {
  return code === undefined ? undefined : UNUSABLE[code] && `${UNUSABLE[code]} (${code})`;
}

function refused(path: string, what: string): ChangeTrailError {
  return new ChangeTrailError('LogPathRefused', `The change log ${path} ${what}: it must be a regular file (records.log.path). Nothing was read or written.`);
}

function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

// The real path of a folder that may not exist yet: its deepest existing ancestor resolved, the rest
// appended. A dangling symlink on the way exists (lstat) but cannot be resolved: that fails closed.
function realFolder(folder: string): string {
  let existing = folder;
  while (!lexists(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    return resolve(realpathSync(existing), relative(existing, folder));
  } catch {
    return `${sep}\0unresolvable symlink at ${existing}`;
  }
}

function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
