import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ChangeTrailError } from '../errors';
import { type Logger, silentLogger } from '../log';
import { real } from './fileState';
import { type StreamGitOptions, streamGit } from './streamGit';

/** Who last changed one line, or that nobody has committed it yet. */
export type LineBlame =
  | {
      readonly kind: 'commit';
      readonly sha: string;
      readonly author: { readonly name: string; readonly email: string };
      /** Author date, ISO 8601 with the author's offset. */
      readonly authorDate: string;
      /** The commit's subject line. */
      readonly summary: string;
      /** Where the line sat in that commit: line number and path (before any later move or rename). */
      readonly originalLine: number;
      readonly originalPath: string;
      /** The line's text now. */
      readonly text: string;
      /** The commit is a root or a shallow clone's boundary, so the line may be older still. */
      readonly boundary: boolean;
    }
  | { readonly kind: 'uncommitted'; readonly text: string; readonly message: string };

/** Options for blameLine. */
export interface BlameLineOptions {
  /** The editor's text, saved or not; blame then answers for it instead of the file on disk. */
  readonly contents?: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  readonly gitPath?: string;
}

const NOT_COMMITTED = /^0+$/;

/** Blames one line (1-based) of `path` with `git blame --porcelain -L n,n`. */
export async function blameLine(repoRoot: string, path: string, line: number, options: BlameLineOptions = {}): Promise<LineBlame> {
  if (!Number.isInteger(line) || line < 1) throw new ChangeTrailError('BadRange', `Line ${line} is not a line number.`);
  const rel = blamedPath(repoRoot, path);
  const args = ['blame', '--porcelain', '-L', `${line},${line}`, ...(options.contents !== undefined ? ['--contents', '-'] : []), '--', rel];
  const logger = options.logger ?? silentLogger;
  const run = (extra: readonly string[]) => blameOutput([...args.slice(0, 1), ...extra, ...args.slice(1)], { cwd: repoRoot, logger, signal: options.signal, stdin: options.contents, gitPath: options.gitPath });
  let out: string;
  try {
    try {
      out = await run([]);
    } catch (error) {
      // blame.ignoreRevsFile naming a file this repository lacks (often set globally) makes every
      // blame fail; the team's list of commits to skip cannot be read, so blame without one.
      const missing = error instanceof ChangeTrailError ? /could not open object name list: (.*)/.exec(error.detail ?? '') : null;
      if (!missing) throw error;
      logger.warn(`git blame: blame.ignoreRevsFile names ${missing[1].trim()}, which cannot be read; blaming without an ignore list`);
      out = await run(['--no-ignore-revs-file']);
    }
  } catch (error) {
    if (!(error instanceof ChangeTrailError)) throw error;
    const detail = error.detail ?? '';
    const lines = /has only (\d+) lines?/.exec(detail);
    if (lines) throw new ChangeTrailError('BadRange', `Line ${line} is past the end of ${rel} (${lines[1]} lines).`, detail);
    // Untracked, or a repository without commits: every line is new.
    if (/no such path .* in HEAD|no such ref: HEAD|bad revision 'HEAD'/.test(detail)) {
      const text = options.contents ?? readText(isAbsolute(path) ? path : join(repoRoot, path));
      return { kind: 'uncommitted', text: text.split(/\r?\n/)[line - 1] ?? '', message: 'Not committed yet: this file has no commits.' };
    }
    throw error;
  }
  return parsePorcelain(out);
}

/**
 * The repository-relative path git blames, links resolved as File History resolves them: a linked
 * file's lines are its target's (git would blame the link's own one-line blob, the target's name).
 */
function blamedPath(repoRoot: string, path: string): string {
  const target = real(isAbsolute(path) ? path : join(repoRoot, path));
  const rel = relative(real(repoRoot), target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new ChangeTrailError('GitFailed', `${path} leads outside the repository at ${repoRoot} (to ${target}): git keeps no history for it here.`);
  }
  return rel.split(sep).join('/');
}

/**
 * Git blame's porcelain for one line, as soon as its record is complete (the line's text, after a
 * tab, ends it), without waiting for git to exit: freeing its walk took about as long as a hover
 * is allowed over blame's own time. A git that fails prints no such line, and its error is thrown.
 */
function blameOutput(args: readonly string[], options: StreamGitOptions): Promise<string> {
  const chunks: Buffer[] = [];
  let complete: (text: string) => void = () => undefined;
  const early = new Promise<string>((resolve) => (complete = resolve));
  const stream = streamGit(args, (chunk) => {
    chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    const tab = text.indexOf('\n\t');
    if (tab >= 0 && text.indexOf('\n', tab + 2) >= 0) complete(text);
  }, options);
  stream.done.catch(() => undefined); // seen below when it comes first; nothing it says later changes a complete record
  return Promise.race([early, stream.done.then(() => Buffer.concat(chunks).toString('utf8'))]);
}

export function parsePorcelain(out: string): LineBlame {
  const lines = out.split('\n');
  const [sha, originalLine] = lines[0].split(' ');
  const headers = new Map<string, string>();
  let text = '';
  let boundary = false;
  for (const line of lines.slice(1)) {
    if (line.startsWith('\t')) {
      text = line.slice(1);
      break;
    }
    const space = line.indexOf(' ');
    if (space < 0) {
      if (line === 'boundary') boundary = true;
      continue;
    }
    headers.set(line.slice(0, space), line.slice(space + 1));
  }
  if (NOT_COMMITTED.test(sha)) return { kind: 'uncommitted', text, message: 'Not committed yet: this line was changed after the last commit.' };
  return {
    kind: 'commit',
    sha,
    author: { name: headers.get('author') ?? '', email: (headers.get('author-mail') ?? '').replace(/^<|>$/g, '') },
    authorDate: isoWithOffset(Number(headers.get('author-time')), headers.get('author-tz') ?? '+0000'),
    summary: headers.get('summary') ?? '',
    originalLine: Number(originalLine),
    originalPath: headers.get('filename') ?? '',
    text,
    boundary,
  };
}

/** Seconds since the epoch and git's "+hhmm" offset as an ISO 8601 time in that offset. */
function isoWithOffset(seconds: number, tz: string): string {
  const m = /^([+-])(\d\d)(\d\d)$/.exec(tz);
  if (!Number.isFinite(seconds)) return '';
  if (!m) return new Date(seconds * 1000).toISOString();
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const local = new Date((seconds + minutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${m[1]}${m[2]}:${m[3]}`;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
