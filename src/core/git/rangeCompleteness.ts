import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { type RunGitOptions, runGit } from './runGit';

/** How to get the history a CI check needs, in one line. */
export const UNSHALLOW_ADVICE =
  'fetch the whole history: git fetch --unshallow (GitHub Actions: actions/checkout with fetch-depth: 0; GitLab CI: GIT_DEPTH: 0)';

/** Whether the repository has no commit at all (a fresh `git init`). */
export async function isEmptyRepository(options: RunGitOptions): Promise<boolean> {
  const any = await runGit(['rev-list', '-n', '1', '--all'], options).catch(() => '');
  return any.trim() === '';
}

/** Whether the repository is a shallow clone (false when git cannot say). */
export async function isShallowRepository(options: RunGitOptions): Promise<boolean> {
  return runGit(['rev-parse', '--is-shallow-repository'], options).then((out) => out.trim() === 'true', () => false);
}

/**
 * In a shallow clone, a range that reaches a boundary commit (one whose parents were not
 * fetched) would silently skip everything older: returns that boundary commit. A range inside
 * the fetched history, or any range of a full clone, gives undefined.
 */
export async function shallowCut(revisions: readonly string[], options: RunGitOptions, shallowFile?: string): Promise<string | undefined> {
  const boundaries = await shallowBoundaries(options, shallowFile);
  if (boundaries.size === 0) return undefined;
  return firstListed(revisions, boundaries, options);
}

/** The commits whose parents a shallow clone lacks (empty for a full clone). */
async function shallowBoundaries(options: RunGitOptions, shallowFile?: string): Promise<Set<string>> {
  let path = shallowFile;
  if (path === undefined) {
    const [shallow, gitPath] = (await runGit(['rev-parse', '--is-shallow-repository', '--git-path', 'shallow'], options)).split('\n');
    if (shallow.trim() !== 'true') return new Set();
    path = gitPath.trim();
  }
  if (!isAbsolute(path)) path = join(options.cwd, path);
  const text = await readFile(path, 'utf8').catch(() => '');
  return new Set(text.split('\n').map((l) => l.trim()).filter(Boolean));
}

/** Streams `git rev-list` over the range and stops at the first commit in `wanted`. */
function firstListed(revisions: readonly string[], wanted: ReadonlySet<string>, options: RunGitOptions): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.gitPath ?? 'git', ['rev-list', ...revisions, '--'], {
      cwd: options.cwd,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let rest = '';
    let found: string | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      found ??= lines.find((sha) => wanted.has(sha));
      if (found) child.kill();
    });
    child.on('error', reject);
    // A range git cannot read is reported by the log that follows; here it is simply not cut.
    child.on('close', () => resolve(found ?? (wanted.has(rest) ? rest : undefined)));
  });
}

/** The work tree root and, in a shallow clone, its shallow file: one git call. */
export async function repositoryFacts(options: RunGitOptions): Promise<{ root: string; shallowFile?: string }> {
  const [root, shallow, path] = (await runGit(['rev-parse', '--path-format=absolute', '--show-toplevel', '--is-shallow-repository', '--git-path', 'shallow'], options)).split('\n');
  return shallow?.trim() === 'true' ? { root: root.trim(), shallowFile: path.trim() } : { root: root.trim() };
}
