import { ChangeTrailError } from '../errors';
import { type Logger, silentLogger } from '../log';
import { launchGit } from '../git/gitProcess';
import { gitFailure } from '../git/notARepository';

/** Options for one streamed git invocation. */
export interface StreamGitOptions {
  readonly cwd: string;
  readonly logger?: Logger;
  /** Aborting kills git; `done` then rejects with the signal's reason once git has exited. */
  readonly signal?: AbortSignal;
  /** Written to git's stdin, which is then closed. */
  readonly stdin?: string | Uint8Array;
  /** Git executable; defaults to `git` on PATH. */
  readonly gitPath?: string;
}

/** A running git whose stdout is handed over chunk by chunk as git writes it. */
export interface GitStream {
  /** Git's process id once known (a git started by the helper tells it a moment later). */
  readonly pid: number | undefined;
  /** Settles after git has exited: resolves on success or stop(), rejects on failure or abort. */
  readonly done: Promise<void>;
  /** Ends git early because the caller has all it wants; `done` still resolves. */
  stop(): void;
}

/**
 * Runs git and calls `onChunk` with each piece of stdout in arrival order, never pausing the
 * stream: callers consume synchronously, so a slow consumer slows git through the pipe alone.
 */
export function streamGit(args: readonly string[], onChunk: (chunk: Buffer) => void, options: StreamGitOptions): GitStream {
  const logger = options.logger ?? silentLogger;
  const { signal } = options;
  const started = Date.now();
  let ended: 'stopped' | 'aborted' | undefined;
  let exited = false;
  const err: Buffer[] = [];
  let errBytes = 0;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  const kill = (why: 'stopped' | 'aborted') => {
    if (ended) return;
    ended = why;
    if (!exited) child.kill();
  };
  const onAbort = () => kill('aborted');
  let failure: unknown;
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // GIT_FLUSH=1: git writes each commit as soon as it is found, even where it cannot tell a pipe from a file.
  const child = launchGit(options.gitPath ?? 'git', args, { cwd: options.cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_FLUSH: '1', LC_ALL: 'C' }, stdin: options.stdin }, {
    onStdout: (chunk) => {
      if (ended) return;
      try {
        onChunk(chunk);
      } catch (error) {
        // A throwing consumer must not leave git running behind it.
        failure ??= error;
        kill('aborted');
      }
    },
    onStderr: (chunk) => {
      // Only the first lines ever reach a message; do not let a chatty git grow memory.
      if (errBytes < 64 * 1024) err.push(chunk);
      errBytes += chunk.length;
    },
    onError: (error) => {
      failure ??= error.code === 'ENOENT' ? new ChangeTrailError('GitNotFound', 'Git was not found on PATH. Install git and try again.') : error;
    },
    onClose: (code) => {
      exited = true;
      signal?.removeEventListener('abort', onAbort);
      logger.trace(`> git ${args.join(' ')} [${Date.now() - started}ms]${ended ? ` (${ended})` : ''}`);
      const { resolve, reject } = settle as NonNullable<typeof settle>;
      if (failure !== undefined) return reject(failure);
      if (ended === 'aborted') return reject(signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
      if (ended === 'stopped' || code === 0) return resolve();
      const stderr = Buffer.concat(err).toString('utf8').trim();
      reject(gitFailure(args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? '', stderr, `exit ${code}`));
    },
  });
  if (signal?.aborted) kill('aborted');
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    get pid() {
      return child.pid;
    },
    done,
    stop: () => kill('stopped'),
  };
}

/**
 * Streams git's stdout as records ending in `separator` (a byte such as 0x0a or 0x00); a record
 * is handed over as soon as its separator arrives. Return false from `onRecord` to stop git.
 */
export function streamGitRecords(args: readonly string[], separator: number, onRecord: (record: Buffer) => boolean | void, options: StreamGitOptions): GitStream {
  let carry: Buffer | undefined;
  let stopped = false;
  const stream = streamGit(
    args,
    (chunk) => {
      if (stopped) return;
      let data = chunk;
      let from = 0;
      let end = data.indexOf(separator);
      if (carry) {
        // Only a record that spans chunks is copied; the rest are views into the chunk.
        if (end < 0) {
          carry = Buffer.concat([carry, data]);
          return;
        }
        data = Buffer.concat([carry, data]);
        end += carry.length;
        carry = undefined;
      }
      for (; end >= 0; end = data.indexOf(separator, from)) {
        if (onRecord(data.subarray(from, end)) === false) {
          stopped = true;
          stream.stop();
          return;
        }
        from = end + 1;
      }
      if (from < data.length) carry = Buffer.from(data.subarray(from));
    },
    options,
  );
  const done = stream.done.then(() => {
    if (!stopped && carry && carry.length > 0) onRecord(carry);
  });
  return {
    get pid() {
      return stream.pid;
    },
    done,
    stop: () => stream.stop(),
  };
}
