import { isUtf8 } from 'node:buffer';

/** One commit of `git log -z --name-status --format=HISTORY_FORMAT`, decoded but not yet interpreted. */
export interface RawHistoryCommit {
  readonly sha: string;
  readonly parents: string;
  readonly authorDate: string;
  readonly authorName: string;
  readonly authorEmail: string;
  /** The message, cut at the parser's limit (no character is cut in half). */
  readonly message: string;
  readonly messageTruncated: boolean;
  /** First name-status token (M, A, D, R100, C075, T...), or '' when git printed none. */
  readonly status: string;
  /** The path, or for a rename or copy the old path then the new one; U+FFFD marks bytes that are not UTF-8. */
  readonly paths: readonly string[];
  /** The exact bytes of each path that is not UTF-8 (same order as `paths`); absent when all are. */
  readonly pathBytes?: readonly (Buffer | undefined)[];
}

const RS = 0x1e;
const US = 0x1f;
const NUL = 0x00;
const LF = 0x0a;
const HEADER_FIELDS = 5;

/**
 * The --format for HistoryParser. Each commit starts with RS; fields end with US; the message
 * comes last, where git ends it with NUL (-z), then the name-status entries follow, NUL-ended.
 */
export const HISTORY_FORMAT = '%x1e%H%x1f%P%x1f%aI%x1f%aN%x1f%aE%x1f%B';

const enum State {
  Start,
  Header,
  Message,
  Status,
  Token,
  Path,
}

/**
 * Incremental parser for HISTORY_FORMAT output: push() chunks as they arrive, in any sizes.
 * Reading is sequential, never a split on RS, so a message or a file name holding RS or US
 * cannot derail it. A commit is handed over as soon as its first name-status entry is complete
 * (with --follow git prints exactly one), not when the next commit arrives, which for a rarely
 * changed file could be most of a history walk later. Fields are decoded straight from the
 * chunk; only a field that spans chunks is copied.
 */
export class HistoryParser {
  private state = State.Start;
  private header: string[] = [];
  private readonly parts: Buffer[] = [];
  private partsLength = 0;
  private fieldTotal = 0;
  private message = '';
  private messageTruncated = false;
  private token = '';
  private paths: string[] = [];
  private pathBytes: (Buffer | undefined)[] | undefined;
  private pathsWanted = 1;
  private emitted = true;

  constructor(
    private readonly onCommit: (commit: RawHistoryCommit) => void,
    private readonly maxMessageBytes = 64 * 1024,
  ) {}

  /** Feeds the next piece of git's stdout. */
  push(chunk: Buffer): void {
    let pos = 0;
    const length = chunk.length;
    while (pos < length) {
      switch (this.state) {
        case State.Start: {
          const at = chunk.indexOf(RS, pos);
          if (at < 0) return;
          this.beginCommit();
          pos = at + 1;
          break;
        }
        case State.Header: {
          const at = chunk.indexOf(US, pos);
          if (at < 0) return this.collect(chunk, pos, length, Infinity);
          this.header.push(this.parts.length === 0 ? chunk.toString('utf8', pos, at) : this.joined(chunk, pos, at, Infinity).toString('utf8'));
          pos = at + 1;
          if (this.header.length === HEADER_FIELDS) this.state = State.Message;
          break;
        }
        case State.Message: {
          const at = chunk.indexOf(NUL, pos);
          if (at < 0) return this.collect(chunk, pos, length, this.maxMessageBytes);
          const max = this.maxMessageBytes;
          const whole = this.parts.length === 0;
          const total = whole ? at - pos : this.fieldTotal + at - pos;
          let text = whole ? chunk.toString('utf8', pos, Math.min(at, pos + max)) : this.joined(chunk, pos, at, max).toString('utf8');
          this.messageTruncated = total > max;
          // A cut can split a character; drop the replacement character it leaves.
          if (this.messageTruncated) text = text.replace(/\uFFFD+$/, '');
          this.message = text;
          pos = at + 1;
          this.state = State.Status;
          break;
        }
        case State.Status: {
          const byte = chunk[pos];
          if (byte === RS) {
            this.finishCommit();
            this.beginCommit();
            pos++;
          } else if (byte === LF || byte === NUL) {
            pos++; // git puts a newline between the message and the entries
          } else {
            this.state = State.Token;
          }
          break;
        }
        case State.Token: {
          const at = chunk.indexOf(NUL, pos);
          if (at < 0) return this.collect(chunk, pos, length, 64);
          this.token = this.parts.length === 0 ? chunk.toString('latin1', pos, at) : this.joined(chunk, pos, at, 64).toString('latin1');
          this.pathsWanted = this.token[0] === 'R' || this.token[0] === 'C' ? 2 : 1;
          this.paths = [];
          this.pathBytes = undefined;
          pos = at + 1;
          this.state = State.Path;
          break;
        }
        case State.Path: {
          const at = chunk.indexOf(NUL, pos);
          if (at < 0) return this.collect(chunk, pos, length, Infinity);
          if (this.parts.length === 0) this.addPath(chunk, pos, at);
          else this.addPath(this.joined(chunk, pos, at, Infinity), 0);
          pos = at + 1;
          if (this.paths.length === this.pathsWanted) {
            this.state = State.Status;
            this.emit(this.token);
          }
          break;
        }
      }
    }
  }

  /** Git has exited: hands over a commit that printed no name-status entry. */
  end(): void {
    if (this.state === State.Status) this.finishCommit();
    this.state = State.Start;
  }

  private addPath(source: Buffer, start: number, end = source.length): void {
    const text = source.toString('utf8', start, end);
    let bytes: Buffer | undefined;
    // Decoding shows U+FFFD for bytes that are not UTF-8; only then are the bytes looked at (and kept).
    if (text.includes('\uFFFD')) {
      const copy = Buffer.from(source.subarray(start, end));
      if (!isUtf8(copy)) bytes = copy;
    }
    if (bytes) {
      this.pathBytes ??= this.paths.map(() => undefined);
      this.pathBytes.push(bytes);
    } else {
      this.pathBytes?.push(undefined);
    }
    this.paths.push(text);
  }

  private beginCommit(): void {
    this.header = [];
    this.paths = [];
    this.pathBytes = undefined;
    this.emitted = false;
    this.state = State.Header;
  }

  private finishCommit(): void {
    if (!this.emitted) this.emit('');
  }

  private emit(status: string): void {
    // Further entries of an already handed-over commit (never seen with --follow) are ignored.
    if (this.emitted) return;
    this.emitted = true;
    const [sha, parents, authorDate, authorName, authorEmail] = this.header;
    const commit: RawHistoryCommit = { sha, parents, authorDate, authorName, authorEmail, message: this.message, messageTruncated: this.messageTruncated, status, paths: status ? this.paths : [] };
    this.onCommit(status && this.pathBytes ? { ...commit, pathBytes: this.pathBytes } : commit);
  }

  /** Keeps [start, end) of a field that continues in the next chunk, up to `cap` bytes. */
  private collect(chunk: Buffer, start: number, end: number, cap: number): void {
    this.fieldTotal += end - start;
    const stop = Math.min(end, start + Math.max(0, cap - this.partsLength));
    if (stop > start) {
      // A copy, so a few bytes held over do not keep a whole 64 KB chunk alive.
      this.parts.push(Buffer.from(chunk.subarray(start, stop)));
      this.partsLength += stop - start;
    }
  }

  /** The collected start of a field plus its end [start, end) in this chunk, cut at `cap` bytes. */
  private joined(chunk: Buffer, start: number, end: number, cap: number): Buffer {
    this.collect(chunk, start, end, cap);
    const whole = Buffer.concat(this.parts, this.partsLength);
    this.parts.length = 0;
    this.partsLength = 0;
    this.fieldTotal = 0;
    return whole;
  }
}
