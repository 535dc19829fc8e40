import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { ChangeTrailError } from '../errors';
import { silentLogger } from '../log';
import type { RunGitOptions } from './runGit';

/** One commit as the ticket check needs it. */
export interface LoggedCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly author: string;
  readonly message: string;
}

// Fields and commits are separated by NUL (`-z`, `%x00`): the one byte a commit message cannot
// carry through `%B` (git cuts the message there), so no message can start, end or hide a record.
const FORMAT = '--format=%H%x00%P%x00%an <%ae>%x00%B';
const SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const PARENTS = /^(?:[0-9a-f]{40}(?:[0-9a-f]{24})?(?: |$))*$/;

/** Throws BadRange for an argument that is an option rather than a revision (`--output=...`). */
export function assertRevisions(revisions: readonly string[]): void {
  for (const rev of revisions) {
    if (rev.startsWith('-') && rev !== '--not' && rev !== '--all' && !rev.startsWith('--remotes') && !rev.startsWith('--branches')) {
      const what = rev.startsWith('--') ? `unknown option "${rev.split('=')[0]}"` : `"${rev}" is not a revision range`;
      throw new ChangeTrailError('BadRange', `${what}; use forms such as main..HEAD or HEAD --not --remotes`);
    }
  }
}

/** Parses `git log -z --format=%H%x00%P%x00%an <%ae>%x00%B` output (whole). */
export function parseCommitLog(out: string): LoggedCommit[] {
  const parser = new CommitLogParser();
  const commits = parser.push(out);
  parser.end();
  return commits;
}

/** Incremental parser of the NUL-separated log: feed text in any pieces, get whole commits. */
export class CommitLogParser {
  private readonly fields: string[] = [];
  /** The pieces of the field not yet ended by a NUL. Kept apart and joined once: re-reading a growing field per chunk made a message of n bytes cost n² (a 20 MB message took 7 s). */
  private readonly partial: string[] = [];

  /** Adds output; returns the commits it completed. Reads each byte once, however long a field. */
  push(text: string): LoggedCommit[] {
    const done: LoggedCommit[] = [];
    let start = 0;
    for (let nul = text.indexOf('\0'); nul !== -1; nul = text.indexOf('\0', start)) {
      const piece = text.slice(start, nul);
      const field = this.partial.length > 0 ? this.partial.join('') + piece : piece;
      this.partial.length = 0;
      start = nul + 1;
      this.fields.push(field);
      if (this.fields.length === 4) {
        done.push(toCommit(this.fields));
        this.fields.length = 0;
      }
    }
    if (start < text.length) this.partial.push(start === 0 ? text : text.slice(start));
    return done;
  }

  /** Throws when the output stopped inside a commit. */
  end(): void {
    if (this.fields.length > 0 || this.partial.join('').replace(/\n$/, '') !== '') throw malformed('the output ends inside a commit');
  }
}

function toCommit([sha, parents, author, body]: readonly string[]): LoggedCommit {
  // A record that does not start with an object name means the stream is out of step: refuse it.
  if (!SHA.test(sha) || !PARENTS.test(parents)) throw malformed(`unexpected record ${JSON.stringify(sha.slice(0, 50))}`);
  return { sha, parents: parents ? parents.split(' ') : [], author, message: body.replace(/\n$/, '') };
}

function malformed(why: string): ChangeTrailError {
  return new ChangeTrailError('GitFailed', `git log gave output ChangeTrail cannot read (${why})`);
}

/**
 * The commits of a revision range (`main..HEAD`, `HEAD --not --remotes`, ...), newest first,
 * streamed: memory stays constant however long the history. Throws BadRange when git cannot
 * read the range (after the commits it did read).
 */
export function streamCommits(revisions: readonly string[], options: RunGitOptions): AsyncGenerator<LoggedCommit> {
  return openCommitStream(revisions, options).commits();
}

/** A git log already running: started at once, read when wanted (git waits on a full pipe). */
export interface CommitStream {
  commits(): AsyncGenerator<LoggedCommit>;
  /** The same commits, a chunk of git's output at a time (one await per chunk, not per commit). */
  batches(): AsyncGenerator<readonly LoggedCommit[]>;
  /** Stops git when the commits will not be read. */
  cancel(): void;
}

/** Starts `git log` over `revisions` now, so it runs while the caller prepares (config, checks). */
export function openCommitStream(revisions: readonly string[], options: RunGitOptions): CommitStream {
  assertRevisions(revisions);
  const logger = options.logger ?? silentLogger;
  const started = Date.now();
  // --encoding=UTF-8: messages as UTF-8 whatever i18n.commitEncoding / logOutputEncoding this clone
  // has (git log re-codes to them), so a verdict never depends on the machine's git config.
  const args = ['log', '--no-show-signature', '--encoding=UTF-8', '-z', FORMAT, ...revisions, '--'];
  const child = spawn(options.gitPath ?? 'git', args, {
    cwd: options.cwd,
    signal: options.signal,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (stderr.length < 65536) stderr += chunk;
  });
  // Piped at once: node discards a child's unread output when it exits, and git may finish before
  // the caller starts reading. The pass-through holds it, with backpressure on git.
  const output = child.stdout.pipe(new PassThrough({ highWaterMark: 1 << 20 }));
  output.setEncoding('utf8');
  let spawnError: NodeJS.ErrnoException | undefined;
  const closed = new Promise<number>((resolve) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
      resolve(-1);
    });
    child.on('close', (code) => resolve(code ?? -1));
  });
  async function* commits(): AsyncGenerator<LoggedCommit> {
    for await (const batch of batches()) yield* batch;
  }
  async function* batches(): AsyncGenerator<readonly LoggedCommit[]> {
    const parser = new CommitLogParser();
    let finished = false;
    try {
      for await (const chunk of output as AsyncIterable<string>) {
        const done = parser.push(chunk);
        if (done.length > 0) yield done;
      }
      finished = true;
    } finally {
      if (!finished) child.kill();
    }
    const code = await closed;
    logger.trace(`> git ${args.join(' ')} [${Date.now() - started}ms]`);
    if (spawnError?.code === 'ENOENT') throw new ChangeTrailError('GitNotFound', 'Git was not found on PATH. Install git and try again.');
    if (spawnError) throw spawnError;
    if (code !== 0) {
      const first = stderr.trim().split('\n')[0] || `exit ${code}`;
      throw new ChangeTrailError('BadRange', `git could not read the range ${revisions.join(' ')}: ${first}`, stderr);
    }
    parser.end();
  }
  return { commits, batches, cancel: () => child.kill() };
}

/** The commits in a revision range, newest first, as one array (for short ranges such as a push). */
export async function commitsInRange(revisions: readonly string[], options: RunGitOptions): Promise<LoggedCommit[]> {
  const commits: LoggedCommit[] = [];
  for await (const commit of streamCommits(revisions, options)) commits.push(commit);
  return commits;
}
