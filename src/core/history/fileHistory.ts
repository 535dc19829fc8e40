import { isUtf8 } from 'node:buffer';
import { isAbsolute, relative } from 'node:path';
import { ChangeTrailError } from '../errors';
import { type Logger, silentLogger } from '../log';
import { shallowFromFiles } from '../git/gitStateFromFiles';
import { runGit } from '../git/runGit';
import { findTickets, type TicketSyntax } from '../tickets/ticketRefs';
import { HISTORY_FORMAT, HistoryParser, type RawHistoryCommit } from './historyParser';
import { streamGit } from './streamGit';

/** How the file changed in a commit: added, modified, deleted, renamed or copied (from previousPath). */
export type FileChangeStatus = 'A' | 'M' | 'D' | 'R' | 'C';

/** One commit in a file's history, as the File History view shows it. */
export interface FileHistoryEntry {
  readonly sha: string;
  readonly parents: readonly string[];
  /** A merge that changed the file against its first parent: a conflict resolution, or where a branch's change landed. */
  readonly isMerge: boolean;
  readonly author: { readonly name: string; readonly email: string };
  /** Author date, ISO 8601 with the author's offset. */
  readonly authorDate: string;
  readonly subject: string;
  readonly body: string;
  /** The message was longer than the limit and `body` holds only its start. */
  readonly bodyTruncated: boolean;
  /** Ticket IDs in subject and body, in order of appearance. */
  readonly tickets: readonly string[];
  /** The file's path at this commit (renames followed); U+FFFD marks bytes that are not UTF-8. */
  readonly path: string;
  /** The exact bytes of `path`, present only when they are not UTF-8. */
  readonly pathBytes?: Uint8Array;
  /** For R and C: the path the file had before. */
  readonly previousPath?: string;
  readonly status: FileChangeStatus;
}

/** Options for streamFileHistory. */
export interface FileHistoryOptions {
  readonly logger?: Logger;
  /** Aborting kills git; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** At most this many entries (a page); all when left out. */
  readonly limit?: number;
  /** Entries to pass over first, for "Load More". */
  readonly skip?: number;
  /** Called for each entry of the page as soon as git has printed it. */
  readonly onEntry?: (entry: FileHistoryEntry) => void;
  /** What ticket IDs look like; any Jira-style key, #123 and AB#123 when left out. */
  readonly tickets?: TicketSyntax;
  /** Where history starts; HEAD when left out. A cache passes HEAD's sha so a page matches its key. */
  readonly rev?: string;
  /** Message bytes kept per commit; longer messages are cut and flagged. */
  readonly maxMessageBytes?: number;
  readonly gitPath?: string;
}

/** A page of a file's history. */
export interface FileHistoryPage {
  readonly entries: readonly FileHistoryEntry[];
  /** No entries follow this page: the history, as far as this repository holds it, is all shown. */
  readonly complete: boolean;
  /** A shallow clone: history stops at the clone's depth, not at the file's creation. */
  readonly shallow: boolean;
}

const anyTicket: TicketSyntax = { projects: [], patterns: [] };

/**
 * Streams the history of one file, newest first, following renames. Entries reach `onEntry`
 * while git is still walking, so the first rows show long before a big history is read.
 * `complete` is exact: one entry past the page is read (not delivered) before git is stopped.
 */
export async function streamFileHistory(repoRoot: string, path: string | Uint8Array, options: FileHistoryOptions = {}): Promise<FileHistoryPage> {
  const logger = options.logger ?? silentLogger;
  const skip = Math.max(0, options.skip ?? 0);
  const limit = options.limit ?? Infinity;
  const rev = options.rev ?? 'HEAD';
  if (rev.startsWith('-')) throw new ChangeTrailError('BadRange', `"${rev}" is not a revision`);
  const pathBytes = gitPathBytes(repoRoot, path);
  // Node passes arguments as UTF-8, so a name that is not UTF-8 can only reach git through stdin.
  // A newline cannot go through stdin (it ends the line). Every other name goes as an argument: a
  // stdin pipe costs git a read and this process a pipe on the path File History waits on.
  const viaStdin = !isUtf8(pathBytes);
  if (viaStdin && pathBytes.includes(0x0a)) throw new ChangeTrailError('GitFailed', 'A file name that holds a newline and is not UTF-8 cannot be passed to git.');
  const args = [
    '-c', 'core.quotePath=false', '-c', 'log.showRoot=true', '-c', 'log.showSignature=false', '-c', 'i18n.logOutputEncoding=UTF-8', '-c', 'diff.renames=true',
    '--literal-pathspecs', 'log', '--follow', '--no-color', '--no-ext-diff', '--diff-merges=first-parent', '--name-status', '-z', `--format=${HISTORY_FORMAT}`,
    // git ends by itself one entry past the page (which tells whether more follow) instead of being
    // stopped: a stop is a round trip to git (through the helper, two), and git's exit is sooner.
    ...(Number.isFinite(limit) ? [`--max-count=${skip + limit + 1}`] : []),
    ...(viaStdin ? ['--stdin', rev] : [rev, '--', pathBytes.toString('utf8')]),
  ];

  const entries: FileHistoryEntry[] = [];
  const syntax = options.tickets ?? anyTicket;
  let seen = 0;
  let more = false;
  // Settles when the entry past the page has arrived: the page is known whole, and git's own exit
  // (it ends by itself, --max-count) is not waited for: freeing its walk took 1.5-2 ms on the bench.
  let pageWhole = () => undefined as void;
  const whole = new Promise<void>((resolve) => (pageWhole = resolve));
  // Authors, paths and tickets repeat from commit to commit: one copy each keeps a long history small.
  const shared = new Shared();
  const parser = new HistoryParser((raw) => {
    // The rest of a chunk that was already in hand when the caller aborted is not delivered.
    if (more || options.signal?.aborted) return;
    if (seen >= skip + limit) {
      more = true;
      stream.stop();
      pageWhole();
      return;
    }
    if (seen++ < skip) return;
    const entry = toEntry(raw, syntax, shared);
    entries.push(entry);
    options.onEntry?.(entry);
  }, options.maxMessageBytes);
  const stream = streamGit(args, (chunk) => parser.push(chunk), {
    cwd: repoRoot,
    logger,
    signal: options.signal,
    gitPath: options.gitPath,
    stdin: viaStdin ? Buffer.concat([Buffer.from('--\n'), pathBytes, Buffer.from('\n')]) : undefined,
  });
  // Asked after git log has started, so the first entries are not kept waiting behind it.
  // From .git/shallow when the repository is plain: no second git process beside the log.
  const shallow = shallowFromFiles(repoRoot).then((known) =>
    known !== undefined
      ? known
      : runGit(['rev-parse', '--is-shallow-repository'], { cwd: repoRoot, logger, gitPath: options.gitPath }).then(
          (out) => out.trim() === 'true',
          () => false,
        ),
  );
  try {
    await Promise.race([stream.done, whole]);
  } catch (error) {
    await shallow;
    if (error instanceof ChangeTrailError && error.code === 'GitFailed' && !(await hasCommits(repoRoot, rev, logger, options.gitPath))) {
      return { entries: [], complete: true, shallow: false };
    }
    throw error;
  }
  if (more) {
    stream.done.catch(() => undefined); // git is stopped; nothing it says now changes the page
    return { entries, complete: false, shallow: await shallow };
  }
  parser.end();
  return { entries, complete: true, shallow: await shallow };
}

/** The path as git names it: repository-relative, "/"-separated, as bytes. */
function gitPathBytes(repoRoot: string, path: string | Uint8Array): Buffer {
  if (typeof path !== 'string') return Buffer.from(path);
  let rel = path;
  if (isAbsolute(path)) {
    rel = relative(repoRoot, path);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new ChangeTrailError('GitFailed', `${path} is outside the repository at ${repoRoot}.`);
  }
  return Buffer.from(rel.replace(/\\/g, '/').replace(/^(\.\/)+/, ''), 'utf8');
}

async function hasCommits(repoRoot: string, rev: string, logger: Logger, gitPath: string | undefined): Promise<boolean> {
  try {
    await runGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: repoRoot, logger, gitPath });
    return true;
  } catch {
    return false;
  }
}

// Every built-in ticket form holds a digit; skipping digit-free messages saves the regex passes.
function ticketsIn(text: string, syntax: TicketSyntax, shared: Shared): readonly string[] {
  if (syntax.patterns.length === 0 && !/\d/.test(text)) return noTickets;
  const refs = findTickets(text, syntax);
  return refs.length === 0 ? noTickets : refs.map((ref) => shared.text(ref.id));
}

/** One instance per distinct string or author, for values that repeat across a history. */
class Shared {
  private readonly strings = new Map<string, string>();
  private readonly authors = new Map<string, FileHistoryEntry['author']>();

  text(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }

  author(name: string, email: string): FileHistoryEntry['author'] {
    const key = `${name}\0${email}`;
    let author = this.authors.get(key);
    if (!author) this.authors.set(key, (author = { name, email }));
    return author;
  }
}

const noTickets: readonly string[] = [];

function toEntry(raw: RawHistoryCommit, syntax: TicketSyntax, shared: Shared): FileHistoryEntry {
  const text = raw.message.trimEnd();
  const blank = text.includes('\n') ? /\n[ \t]*\n/.exec(text) : null;
  let subject = blank ? text.slice(0, blank.index) : text;
  // One line, each break and the blanks around it one space; split and trim, not /\s*\n\s*/g, which is
  // quadratic in a long run of blanks (a 60,000-space subject took 1.5 s per commit).
  if (subject.includes('\n')) subject = subject.split('\n').map((line) => line.trim()).filter((line) => line !== '').join(' ');
  const body = blank ? text.slice(blank.index + blank[0].length).replace(/^\s*\n/, '') : '';
  const parents = raw.parents ? raw.parents.split(' ') : [];
  const last = raw.paths.length - 1;
  const status = raw.status[0];
  return {
    sha: raw.sha,
    parents,
    isMerge: parents.length > 1,
    author: shared.author(raw.authorName, raw.authorEmail),
    authorDate: raw.authorDate,
    subject,
    body,
    bodyTruncated: raw.messageTruncated,
    tickets: ticketsIn(body ? `${subject}\n${body}` : subject, syntax, shared),
    path: last >= 0 ? shared.text(raw.paths[last]) : '',
    pathBytes: raw.pathBytes?.[last],
    previousPath: last > 0 ? raw.paths[0] : undefined,
    status: status === 'A' || status === 'D' || status === 'R' || status === 'C' ? status : 'M',
  };
}
