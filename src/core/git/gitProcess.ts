import { spawn } from 'node:child_process';
import type { GitSpawner } from './gitSpawner';

/** What a running git reports, in this order: output chunks, at most one error, then close. */
export interface GitEvents {
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /** Git could not be started (ENOENT: not on PATH), or the helper that ran it went away. */
  onError(error: NodeJS.ErrnoException): void;
  onClose(code: number | null, signal: NodeJS.Signals | null): void;
}

/** Where and how to run git. */
export interface GitLaunch {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Written to git's stdin, which is then closed; stdin is /dev/null when left out. */
  readonly stdin?: string | Uint8Array;
}

/** A git started by launchGit. */
export interface GitProcess {
  readonly pid: number | undefined;
  /** Ends git (SIGTERM); close still follows. */
  kill(): void;
}

/** How launchGit starts git: from this process, from the helper, or the helper once this process is big. */
export type GitRoute = 'direct' | 'helper' | 'auto';

// Above this resident size a spawn from this process costs more than the helper's round trip
// (measured by bench/editor-paths: 1.2 ms to fork at 57 MB, 4.5 ms at 378 MB).
const HELPER_ABOVE_BYTES = 160 * 1024 * 1024;
let helperAbove = HELPER_ABOVE_BYTES;
// The resident size is read at most this often (it is a /proc read).
const RSS_EVERY_MS = 1000;

// CHANGETRAIL_GIT_ROUTE=direct turns the helper off (a machine where it cannot start; a bisect),
// =helper uses it in any process (the test suites run once that way).
let route: GitRoute = routeFromEnv(process.env.CHANGETRAIL_GIT_ROUTE);
// A helper that dies is started again, this many times at most: one that cannot run is not retried on every git.
const HELPER_STARTS = 3;
let rssReadAt = -Infinity;
// One helper per process, though each dist/ chunk bundles its own copy of this module.
const shared = ((globalThis as Record<symbol, unknown>)[Symbol.for('changetrail.gitSpawner')] ??= { spawner: undefined, starts: 0 }) as { spawner: GitSpawner | undefined; starts: number };
let big = false;

/** Chooses how git is started, and for 'auto' above what resident size (tests and benchmarks; the product leaves both). */
export function setGitRoute(next: GitRoute, aboveBytes = HELPER_ABOVE_BYTES): void {
  route = next;
  helperAbove = aboveBytes;
  rssReadAt = -Infinity;
  shared.starts = 0;
}

/** The helper's process id while launches would go through it (it is running and wanted), else undefined. */
export function gitHelperPid(): number | undefined {
  return shared.spawner?.available === true && wanted() ? shared.spawner.pid : undefined;
}

/**
 * Runs git and reports its output and exit to `events`. In a process that has grown big on Linux
 * (an extension host) it is started by a small helper process, so the fork does not block this
 * thread; if the helper cannot start or keeps failing, git is spawned directly.
 */
export function launchGit(command: string, args: readonly string[], options: GitLaunch, events: GitEvents): GitProcess {
  if (wanted()) {
    if ((!shared.spawner || shared.spawner.broken) && shared.starts < HELPER_STARTS) {
      shared.starts++;
      // Required here, not imported: dist/extension.js takes it from the history chunk (loaded now
      // if File History has not loaded it yet; esbuild.lazy.mjs, lazyChunks), so activation does not.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { GitSpawner: Spawner } = require('./gitSpawner') as typeof import('./gitSpawner');
      shared.spawner = new Spawner(spawnDirect);
      shared.spawner.start();
    }
    if (shared.spawner?.available) return shared.spawner.launch(command, args, options, events);
  }
  return spawnDirect(command, args, options, events);
}

function routeFromEnv(value: string | undefined): GitRoute {
  return value === 'direct' || value === 'helper' ? value : 'auto';
}

function wanted(): boolean {
  if (route !== 'auto') return route === 'helper';
  // Only Linux forks to spawn: macOS's libuv uses posix_spawn and Windows CreateProcess, which copy no page tables.
  if (process.platform !== 'linux') return false;
  const now = performance.now();
  if (now - rssReadAt > RSS_EVERY_MS) {
    rssReadAt = now;
    big = process.memoryUsage.rss() > helperAbove;
  }
  return big;
}

function spawnDirect(command: string, args: readonly string[], options: GitLaunch, events: GitEvents): GitProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], windowsHide: true });
  child.stdout?.on('data', (chunk: Buffer) => events.onStdout(chunk));
  child.stderr?.on('data', (chunk: Buffer) => events.onStderr(chunk));
  child.stdin?.on('error', () => undefined); // EPIPE when git exits before reading it all
  if (child.stdin && options.stdin !== undefined) child.stdin.end(options.stdin);
  child.on('error', (error: NodeJS.ErrnoException) => events.onError(error));
  child.on('close', (code, signal) => events.onClose(code, signal));
  return {
    pid: child.pid,
    kill: () => {
      child.stdout?.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
