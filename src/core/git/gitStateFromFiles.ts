import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * HEAD's commit read from the repository's files, without starting git: `.git/HEAD` holding a
 * sha (detached) or `ref: refs/heads/<name>` with that loose ref file. Undefined whenever anything
 * is less plain (a worktree's `.git` file, a packed or reftable ref, a symbolic ref chain): the
 * caller asks git then. Git writes both files by renaming a finished lock file, so a read never
 * sees half a name. The two small files are read synchronously: a read on the thread pool costs a
 * quarter of a millisecond of round trip each, more than git's own File History page is allowed,
 * and File History's git starts within the call that asks for the page.
 */
export function headFromFiles(repoRoot: string): string | undefined {
  const gitDir = join(repoRoot, '.git');
  let head: string;
  try {
    head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  } catch {
    return undefined;
  }
  if (SHA.test(head)) return head;
  const ref = /^ref: (refs\/heads\/[^\s]+)$/.exec(head)?.[1];
  if (!ref || ref.split('/').some((part) => part === '..' || part === '' || part.startsWith('.'))) return undefined;
  try {
    const sha = readFileSync(join(gitDir, ref), 'utf8').trim();
    return SHA.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the repository is a shallow clone, from its files: git keeps the shallow boundary in
 * `.git/shallow`, present exactly when the clone is shallow. Undefined when `.git` is not a plain
 * directory (a worktree, a submodule): the caller asks git then.
 */
export async function shallowFromFiles(repoRoot: string): Promise<boolean | undefined> {
  const gitDir = join(repoRoot, '.git');
  try {
    if (!statSync(gitDir).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  try {
    return statSync(join(gitDir, 'shallow')).isFile();
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? false : undefined;
  }
}
