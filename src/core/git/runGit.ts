import { spawn } from 'node:child_process';
import { ChangeTrailError } from '../errors';
import { type Logger, silentLogger } from '../log';

/** Options for one git invocation. */
export interface RunGitOptions {
  readonly cwd: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  /** Git executable; defaults to `git` on PATH. */
  readonly gitPath?: string;
}

/** Runs git and returns its stdout; throws a ChangeTrailError naming git's own complaint. */
export function runGit(args: readonly string[], options: RunGitOptions): Promise<string> {
  const logger = options.logger ?? silentLogger;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.gitPath ?? 'git', args, {
      cwd: options.cwd,
      signal: options.signal,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') reject(new ChangeTrailError('GitNotFound', 'Git was not found on PATH. Install git and try again.'));
      else reject(error);
    });
    child.on('close', (code) => {
      logger.trace(`> git ${args.join(' ')} [${Date.now() - started}ms]`);
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
      const code128 = /not a git repository/i.test(stderr);
      reject(new ChangeTrailError(code128 ? 'NotARepository' : 'GitFailed', `git ${args[0]} failed: ${stderr.split('\n')[0] || `exit ${code}`}`, stderr));
    });
  });
}
