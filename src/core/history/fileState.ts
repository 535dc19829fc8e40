import { existsSync, openSync, readSync, closeSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ChangeTrailError } from '../errors';
import { type Logger, silentLogger } from '../log';
import { runGit } from '../git/runGit';

/** What git can say about a path, which decides what the File History view shows. */
export type FileStateKind = 'tracked' | 'untracked' | 'ignored' | 'outsideRepository' | 'deleted' | 'binary' | 'submodule' | 'missing';

/** A path's state with a sentence for people. */
export interface FileState {
  readonly kind: FileStateKind;
  readonly message: string;
  /** Repository-relative, "/"-separated; absent when outside the repository. */
  readonly path?: string;
  /** For kind submodule: the submodule's folder, relative to this repository. */
  readonly submodule?: string;
  /** For kind deleted: the commit that removed it, absent when only the working tree lacks it. */
  readonly deletedIn?: string;
  /** For kind tracked and binary: false when added but never committed. */
  readonly committed?: boolean;
}

const GITLINK = '160000';
// Git's own test: a NUL byte in the first 8000 bytes makes a file binary.
const SNIFF_BYTES = 8000;

/** The state of `path` (absolute, or relative to `repoRoot`) with a plain message for each case. */
export async function fileStatus(repoRoot: string, path: string, options: { readonly logger?: Logger; readonly gitPath?: string } = {}): Promise<FileState> {
  const logger = options.logger ?? silentLogger;
  const git = (args: string[], cwd = repoRoot) => runGit(args, { cwd, logger, gitPath: options.gitPath });
  const root = real(repoRoot);
  const abs = real(isAbsolute(path) ? path : join(repoRoot, path));
  const rel = relative(root, abs).split(sep).join('/');
  if (rel === '') return { kind: 'outsideRepository', message: 'This is the repository folder itself; pick a file in it.' };
  if (rel.startsWith('../') || rel === '..' || isAbsolute(rel) || rel === '.git' || rel.startsWith('.git/')) {
    return { kind: 'outsideRepository', message: `Outside the repository at ${repoRoot}: git keeps no history for it here.` };
  }

  const owner = await owningRepository(root, abs, git);
  if (owner) {
    if (owner.superproject) {
      return { kind: 'submodule', path: rel, submodule: owner.folder, message: `Part of submodule ${owner.folder}: its history lives in that repository. Open the submodule to see it.` };
    }
    return { kind: 'outsideRepository', path: rel, message: `Belongs to the separate repository nested at ${owner.folder}, not to this one.` };
  }

  const exists = existsSync(abs);
  // A file that exists is most likely tracked: whether it is committed and binary is asked beside
  // whether it is staged (three gits at once, not one after the other), and dropped if it is not.
  const plainFile = exists && !statSync(abs).isDirectory();
  const committedAsked = plainFile ? succeeds(git(['cat-file', '-e', `HEAD:${rel}`])) : undefined;
  const binaryAsked = plainFile ? isBinary(abs, rel, git) : undefined;
  binaryAsked?.catch(() => undefined);
  // ':(literal)' so a name holding * or ? means itself.
  const staged = (await git(['ls-files', '--stage', '-z', '--', `:(literal)${rel}`])).split('\0').find((line) => line.endsWith(`\t${rel}`));
  if (staged) {
    if (staged.startsWith(GITLINK)) return { kind: 'submodule', path: rel, submodule: rel, message: `${rel} is a submodule: its history lives in its own repository. Open a file inside it.` };
    if (!exists) return { kind: 'deleted', path: rel, message: 'Deleted in the working tree, not yet committed; its history is below.' };
    const [committed, binary] = await Promise.all([committedAsked ?? succeeds(git(['cat-file', '-e', `HEAD:${rel}`])), binaryAsked ?? isBinary(abs, rel, git)]);
    if (binary) {
      return { kind: 'binary', path: rel, committed, message: 'A binary file: the history shows who changed it, when and why, but there are no line changes or blame.' };
    }
    return committed
      ? { kind: 'tracked', path: rel, committed, message: 'Tracked by git; its history is below.' }
      : { kind: 'tracked', path: rel, committed, message: 'Added to git but not committed yet: its history starts with the first commit.' };
  }
  if (exists) {
    if (statSync(abs).isDirectory()) return { kind: 'untracked', path: rel, message: 'A folder that git tracks no file in.' };
    const rule = await git(['check-ignore', '-v', '--', rel]).catch(notMatched);
    // "<source>:<line>:<pattern>\t<path>"; the source may hold a colon (C:\...), the pattern too.
    const m = rule === undefined ? null : /^(.*?):(\d+):(.*)\t/.exec(rule);
    if (m) {
      const [, source, line, pattern] = m;
      return { kind: 'ignored', path: rel, message: `Ignored by git (${source}:${line}: ${pattern}): it has no history.` };
    }
    return { kind: 'untracked', path: rel, message: 'Not tracked by git: it has no history yet. Commit it to start one.' };
  }
  const last = await git(['log', '-1', '--format=%H%x1f%s', 'HEAD', '--', `:(literal)${rel}`]).catch(() => '');
  if (last.trim()) {
    const [sha, subject] = last.trim().split('\x1f');
    return { kind: 'deleted', path: rel, deletedIn: sha, message: `Deleted or renamed away in ${sha.slice(0, 7)} (${subject}); its history up to then is below.` };
  }
  return { kind: 'missing', path: rel, message: 'No file here, and git has no history for this path.' };
}

/**
 * A regular file under the root with no other repository between them: what File History can
 * presume without asking git. Its history is read at once, and only a file without any is asked
 * about (fileStatus: untracked, ignored, added but not committed). Undefined when git must be asked first.
 */
export function presumablyTracked(repoRoot: string, path: string): { readonly path: string } | undefined {
  const root = real(repoRoot);
  const abs = real(isAbsolute(path) ? path : join(repoRoot, path));
  const rel = relative(root, abs).split(sep).join('/');
  if (rel === '' || rel.startsWith('../') || rel === '..' || isAbsolute(rel) || rel === '.git' || rel.startsWith('.git/')) return undefined;
  try {
    if (!statSync(abs).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return nestedGitBetween(root, dirname(abs)) ? undefined : { path: rel };
}

/** Whether git treats the file as binary: by its attributes (binary, -diff, -text), else by a NUL among its first bytes. */
export function fileIsBinary(repoRoot: string, path: string, options: { readonly logger?: Logger; readonly gitPath?: string } = {}): Promise<boolean> {
  const root = real(repoRoot);
  const abs = real(isAbsolute(path) ? path : join(repoRoot, path));
  const rel = relative(root, abs).split(sep).join('/');
  return isBinary(abs, rel, (args) => runGit(args, { cwd: repoRoot, logger: options.logger ?? silentLogger, gitPath: options.gitPath }));
}

/** The repository a path lies in when it is not `root`: a submodule or an unrelated nested one. */
async function owningRepository(root: string, abs: string, git: (args: string[], cwd?: string) => Promise<string>): Promise<{ folder: string; superproject: boolean } | undefined> {
  let dir = dirname(abs);
  while (!existsSync(dir)) dir = dirname(dir);
  if (dir === root) return undefined;
  // Git finds a repository by the nearest .git above a path: with none between the file and the
  // root, the root's repository owns it, and git need not be asked (its superproject check alone took 6 ms).
  if (!nestedGitBetween(root, dir)) return undefined;
  const [top, superproject] = (await git(['rev-parse', '--show-toplevel', '--show-superproject-working-tree'], dir)).split('\n');
  const topReal = real(top);
  if (topReal === root) return undefined;
  return { folder: relative(root, topReal).split(sep).join('/'), superproject: superproject !== undefined && superproject !== '' && real(superproject) === root };
}

/** Whether a folder from `dir` up to (not including) `root` holds a .git (a submodule's file, a nested repository's folder). */
function nestedGitBetween(root: string, dir: string): boolean {
  for (let at = dir; at !== root && at.startsWith(root) && dirname(at) !== at; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return true;
  }
  return false;
}

/** Binary by attributes (binary, -diff, -text) or, failing those, by a NUL among the first bytes. */
async function isBinary(abs: string, rel: string, git: (args: string[]) => Promise<string>): Promise<boolean> {
  const attrs = (await git(['check-attr', '-z', 'binary', 'diff', 'text', '--', rel])).split('\0');
  for (let i = 0; i + 2 < attrs.length; i += 3) {
    const [attr, value] = [attrs[i + 1], attrs[i + 2]];
    if ((attr === 'binary' && value === 'set') || ((attr === 'diff' || attr === 'text') && value === 'unset')) return true;
  }
  const fd = openSync(abs, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    return head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0)).includes(0);
  } finally {
    closeSync(fd);
  }
}

/** `path` made absolute with every link resolved (as far as the path exists; the rest appended). */
export function real(path: string): string {
  // Temp folders on macOS sit behind a symlink (/var -> /private/var); compare real paths.
  const absolute = resolve(path);
  let head = absolute;
  let tail = '';
  while (!existsSync(head) && dirname(head) !== head) {
    tail = join(head.slice(dirname(head).length + 1), tail);
    head = dirname(head);
  }
  return tail ? join(realpathSync(head), tail) : realpathSync(head);
}

function succeeds(run: Promise<unknown>): Promise<boolean> {
  return run.then(() => true, () => false);
}

/** check-ignore exits 1 when no rule matches; other failures still throw. */
function notMatched(error: unknown): undefined {
  if (error instanceof ChangeTrailError && error.detail === '') return undefined;
  throw error;
}
