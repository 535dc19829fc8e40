import { ChangeTrailError } from '../errors';
import { type Logger, silentLogger } from '../log';
import { launchGit } from './gitProcess';
import { gitFailure } from './notARepository';

/** Options for one git invocation. */
export interface RunGitOptions {
  readonly cwd: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  /** Git executable; defaults to `git` on PATH. */
  readonly gitPath?: string;
}

/** Runs git and returns its stdout; throws a ChangeTrailError naming git's own complaint. `stdin` is written to git's input (else /dev/null). */
export function runGit(args: readonly string[], options: RunGitOptions, stdin?: string): Promise<string> {
  const logger = options.logger ?? silentLogger;
  const started = Date.now();
  const { signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let failed = false;
    const onAbort = () => {
      failed = true;
      reject(signal?.reason ?? new DOMException('The operation was aborted.', 'AbortError'));
      child.kill();
    };
    const child = launchGit(options.gitPath ?? 'git', args, { cwd: options.cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, ...(stdin === undefined ? {} : { stdin }) }, {
      onStdout: (chunk) => out.push(chunk),
      onStderr: (chunk) => err.push(chunk),
      onError: (error) => {
        if (failed) return;
        failed = true;
        signal?.removeEventListener('abort', onAbort);
        if (error.code === 'ENOENT') reject(new ChangeTrailError('GitNotFound', 'Git was not found on PATH. Install git and try again.'));
        else reject(error);
      },
      onClose: (code) => {
        signal?.removeEventListener('abort', onAbort);
        if (failed) return;
        logger.trace(`> git ${args.join(' ')} [${Date.now() - started}ms]`);
        const stderr = Buffer.concat(err).toString('utf8').trim();
        if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
        reject(gitFailure(args[0], stderr, `exit ${code}`));
      },
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
