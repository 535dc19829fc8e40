import { ChangeTrailError } from '../errors';
import type { Logger } from '../log';
import type { LogEntry } from './changeRecord';
import { type LogReadResult, noteNewer, parseLine, readBlocks, warnProblems } from './changeLogReader';

/** What support asks of the change log; every given condition must hold. */
export interface LogQuery {
  /** A repository-relative path, as in a change record's changedFiles. */
  readonly file?: string;
  /** Entries created at or after this instant. */
  readonly since?: Date;
  /** Entries created before this instant (exclusive, so consecutive windows do not overlap). */
  readonly until?: Date;
  /** A ticket ID exactly as recorded, e.g. PROJ-123. */
  readonly ticket?: string;
}

const NEWLINE = 10;
const QUOTE = 0x22;
// serializeEntry writes these keys first, so createdAt sits at a fixed place in every line we wrote.
const PREFIXES = ['{"schema":"changetrail/change","version":1,"id":"', '{"schema":"changetrail/deployment","version":1,"id":"'].map((p) => Buffer.from(p));
const ULID_LENGTH = 26;
const BEFORE_TIME = Buffer.from('","createdAt":"');
// Node's Buffer.indexOf looks for needles shorter than 7 bytes by scanning for their first byte
// (memchr), near memory speed when that byte is rare; longer needles take a much slower path.
const ANCHOR_BYTES = 6;

/**
 * The entries matching `query`, in file order. Built for a million-record log: lines are judged
 * on their raw bytes (a search for the file or ticket as JSON.stringify writes it, createdAt read
 * from the line's fixed header) and only candidates are decoded, parsed and validated. Problems
 * are reported for candidate lines only; readLog checks the whole file. A missing file reads as empty.
 */
export async function queryLog(path: string, query: LogQuery, logger: Logger): Promise<LogReadResult> {
  const range = query.since || query.until ? new TimeRange(query.since, query.until) : undefined;
  const file = query.file === undefined ? undefined : normalizeFile(query.file);
  const { ticket } = query;
  const matches = (entry: LogEntry) =>
    (!range || range.has(entry.createdAt)) &&
    (file === undefined || (entry.schema === 'changetrail/change' && (entry.changedFiles ?? []).includes(file))) &&
    (ticket === undefined || (entry.schema === 'changetrail/change' && entry.tickets.includes(ticket)));
  // Both are JSON strings in the line exactly as JSON.stringify wrote them, quotes included, so
  // PROJ-12 does not find PROJ-123.
  const needleText = file !== undefined ? JSON.stringify(file) : ticket !== undefined ? JSON.stringify(ticket) : undefined;
  const needle = needleText === undefined ? undefined : new NeedleSearch(Buffer.from(needleText, 'utf8'));
  const alsoTicket = file !== undefined && ticket !== undefined ? JSON.stringify(ticket) : undefined;

  const result: LogReadResult = { entries: [], problems: [] };
  const onTorn = (n: number) => logger.warn(`${path}:${n}: skipped an incomplete last line (a write in progress, or cut short by a crash)`);
  let nextLine = 1; // number of the line that starts at `counted` in the current block

  const consider = (block: Buffer, start: number, end: number, line: number) => {
    if (end === start || (range && !range.mayHoldLine(block, start, end))) return;
    const text = block.toString('utf8', start, end);
    if (alsoTicket !== undefined && !text.includes(alsoTicket)) return;
    const found: LogReadResult = { entries: [], problems: result.problems };
    parseLine(text, line, end < block.length, found, onTorn);
    for (const entry of found.entries) if (matches(entry)) result.entries.push(entry);
    if (found.newer) (result.newer ??= []).push(...found.newer);
  };

  await readBlocks(path, (block) => {
    let counted = 0;
    // Line numbers only matter for problems, but counting as we go is cheap next to decoding.
    const countTo = (pos: number) => {
      for (let nl = block.indexOf(NEWLINE, counted); nl >= 0 && nl < pos; nl = block.indexOf(NEWLINE, counted)) {
        nextLine++;
        counted = nl + 1;
      }
    };
    if (needle) {
      for (let hit = needle.find(block, 0); hit >= 0; ) {
        const start = block.lastIndexOf(NEWLINE, hit) + 1;
        const newline = block.indexOf(NEWLINE, hit);
        const end = newline < 0 ? block.length : newline;
        countTo(start);
        consider(block, start, end, nextLine);
        if (newline < 0) break;
        hit = needle.find(block, newline + 1);
      }
    } else {
      for (let start = 0; start < block.length; ) {
        const newline = block.indexOf(NEWLINE, start);
        const end = newline < 0 ? block.length : newline;
        consider(block, start, end, nextLine);
        nextLine++;
        start = end + 1;
      }
      counted = block.length;
    }
    countTo(block.length);
  });
  warnProblems(path, result.problems, logger);
  noteNewer(path, result.newer, logger);
  return result;
}

/** The interval [since, until) on createdAt, judged on a parsed value or straight on a line's bytes. */
class TimeRange {
  private readonly sinceMs: number;
  private readonly untilMs: number;
  private readonly sinceIso: string;
  private readonly untilIso: string;
  // toISOString gives YYYY-MM-DDTHH:mm:ss.sssZ for years 0-9999, which sorts as text (and as bytes).
  private readonly sinceBytes: Buffer | undefined;
  private readonly untilBytes: Buffer | undefined;
  private readonly textComparable: boolean;

  constructor(since: Date | undefined, until: Date | undefined) {
    for (const [name, date] of [['since', since], ['until', until]] as const) {
      if (date && Number.isNaN(date.getTime())) throw new ChangeTrailError('BadRange', `The change log query's "${name}" is not a valid date.`);
    }
    this.sinceMs = since?.getTime() ?? -Infinity;
    this.untilMs = until?.getTime() ?? Infinity;
    this.sinceIso = since ? since.toISOString() : '';
    this.untilIso = until ? until.toISOString() : '\uffff';
    this.textComparable = this.sinceIso.length <= 24 && this.untilIso.length <= 24;
    this.sinceBytes = since ? Buffer.from(this.sinceIso) : undefined;
    this.untilBytes = until ? Buffer.from(this.untilIso) : undefined;
  }

  /** Whether a createdAt value lies in the range. */
  has(createdAt: string): boolean {
    if (this.textComparable && isCanonicalTime(createdAt)) return createdAt >= this.sinceIso && createdAt < this.untilIso;
    const time = Date.parse(createdAt);
    return time >= this.sinceMs && time < this.untilMs;
  }

  /**
   * False only when the line at [start, end) certainly lies outside the range. Lines not in
   * serializeEntry's layout (another writer, a hand edit) pass, to be judged after parsing.
   */
  mayHoldLine(block: Buffer, start: number, end: number): boolean {
    const prefix = bytesAt(block, start, PREFIXES[0]) ? PREFIXES[0] : bytesAt(block, start, PREFIXES[1]) ? PREFIXES[1] : undefined;
    if (!prefix || !bytesAt(block, start + prefix.length + ULID_LENGTH, BEFORE_TIME)) return true;
    const timeAt = start + prefix.length + ULID_LENGTH + BEFORE_TIME.length;
    if (this.textComparable && timeAt + 24 < end && block[timeAt + 24] === QUOTE && block[timeAt + 23] === 0x5a && block[timeAt + 19] === 0x2e) {
      return (!this.sinceBytes || compareAt(block, timeAt, this.sinceBytes) >= 0) && (!this.untilBytes || compareAt(block, timeAt, this.untilBytes) < 0);
    }
    const timeEnd = block.indexOf(QUOTE, timeAt);
    if (timeEnd < 0 || timeEnd > end) return true;
    const raw = block.toString('latin1', timeAt, timeEnd);
    // An escaped or non-ASCII value reads differently raw than parsed; let the parsed value decide.
    if (raw.includes('\\') || /[^\x20-\x7e]/.test(raw)) return true;
    return this.has(raw);
  }
}

function isCanonicalTime(time: string): boolean {
  return time.length === 24 && time.charCodeAt(23) === 0x5a && time.charCodeAt(19) === 0x2e;
}

function bytesAt(block: Buffer, at: number, bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (block[at + i] !== bytes[i]) return false;
  return true;
}

function compareAt(block: Buffer, at: number, bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const diff = block[at + i] - bytes[i];
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Git paths use "/"; people on Windows may type "\" or a leading "./". */
function normalizeFile(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** Finds a byte string by searching for a short anchor that starts at its rarest byte, then comparing the rest. */
class NeedleSearch {
  private anchor: Buffer | undefined;
  private anchorAt = 0;

  constructor(private readonly needle: Buffer) {}

  /** Offset of the first whole match at or after `from`, or -1. */
  find(block: Buffer, from: number): number {
    const anchor = this.anchor ?? this.chooseAnchor(block);
    const { needle, anchorAt } = this;
    for (let hit = block.indexOf(anchor, from + anchorAt); hit >= 0; hit = block.indexOf(anchor, hit + 1)) {
      const start = hit - anchorAt;
      if (start + needle.length > block.length) return -1;
      if (block.compare(needle, 0, needle.length, start, start + needle.length) === 0) return start;
    }
    return -1;
  }

  // Byte frequencies of the log's first megabyte decide which byte is rare in this log.
  private chooseAnchor(sample: Buffer): Buffer {
    const counts = new Uint32Array(256);
    const end = Math.min(sample.length, 1 << 20);
    for (let i = 0; i < end; i++) counts[sample[i]]++;
    const { needle } = this;
    let at = 0;
    for (let i = 1; i <= needle.length - ANCHOR_BYTES; i++) if (counts[needle[i]] < counts[needle[at]]) at = i;
    this.anchorAt = at;
    this.anchor = needle.subarray(at, at + ANCHOR_BYTES);
    return this.anchor;
  }
}
