import { statSync } from 'node:fs';
import type { Logger } from '../../log';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../changeRecord';
import { type LogProblem, type LogReadResult, gluedRecords, parseLine, readBlocks, warnProblems } from '../changeLogReader';
import type { BestOptions, ChangeLogIndex, IndexQuery, TimeRange } from './changeLogIndex';
import { bestForCommits, recordsNaming } from './commitQuestions';
import { inRange, matchesQuery } from './entryFilter';
import { currentIncidentStates } from './incidentStates';
import { EntryKeys, keysOf } from './entryKeys';
import { DamagedIndexError, EntryTable } from './entryTable';
import { candidatesOf } from './candidateOrder';
import { amendedVersion, answerOf, remembered } from './indexQuestions';
import { HeldLogHandle } from './heldLogHandle';
import { type Generation, countLines, newGeneration, readAt, readEntries, sameEnds } from './indexGeneration';
import { skimLine } from './lineSkimmer';
import { SIDECAR_MAX_NOTES, loadSidecar, saveSidecar } from './indexSidecar';
import { NewerLines } from './newerLines';

const NEWLINE = 10;
// Bytes compared at both ends of what was indexed, to tell an append from a rewrite.
const FINGERPRINT = 64;
// Appends up to this size are read in one read; a first build goes through readBlocks.
const ONE_READ = 8 * 1024 * 1024;
// The sidecar is (re)written once this many bytes were indexed since it was last: below that, a
// fresh process reads the rest itself in less time than writing tens of megabytes would take.
const SAVE_BYTES = 4 * 1024 * 1024;

/** The change-log index over one file (see ChangeLogIndex); made by openChangeLogIndex. */
export class LogIndex implements ChangeLogIndex {
  // The table and the entries parsed from it are replaced together on a re-index, so a question
  // that started before a rewrite finishes on the table it began with.
  private gen = newGeneration();
  private indexed = 0; // bytes read, always just after a "\n"
  private lineCount = 0;
  private identity = { ino: -1, mtimeMs: -1 };
  private head = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private found: LogProblem[] = [];
  private readonly reported = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  private tornAt = -1;
  private readonly keys = new EntryKeys();
  private readonly newerLines: NewerLines;
  private readonly handle: HeldLogHandle;
  private savedAt = 0; // bytes the sidecar covers
  private loadTried = false;
  // Tables replaced so far (a re-index, the sidecar taken over): part of version().
  private tables = 0;
  /** `sidecar`: where to keep the index between processes (see indexSidecar.ts), saved once `saveAfter` bytes were indexed since it was last; none, and it lives as long as the process. */
  constructor(readonly path: string, private readonly logger: Logger, private readonly keep: { readonly sidecar?: string; readonly saveAfter?: number } = {}) {
    this.newerLines = new NewerLines(path, logger);
    this.handle = new HeldLogHandle(path);
  }

  refresh(): Promise<void> {
    const run = this.queue.then(() => this.update()).then(() => this.persist());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Line numbers of records written by a newer ChangeTrail, seen so far: kept, and shown as such. */
  newer = (): readonly number[] => this.newerLines.list();
  problems = (): readonly LogProblem[] => this.found;
  unfinishedLine = (): number | undefined => (this.tornAt >= 0 && this.tornAt === this.indexed ? this.lineCount + 1 : undefined);

  /**
   * Drops the entries parsed and the answers kept (the table stays): what the next questions ask is
   * read afresh, as a person's first question about a range or a file is. version() changes, so what
   * callers worked out from answers is dropped too.
   */
  forget(): void {
    this.handle.release();
    this.gen = newGeneration(this.gen.table);
    this.tables++;
  }

  version = (): number => this.tables * 2 ** 32 + this.gen.table.count;

  query = (query: IndexQuery): Promise<LogEntry[]> =>
    this.asked((gen) => remembered(gen, `q${JSON.stringify(query)}`, () => this.answer(gen, candidatesOf(gen.table, query), (e) => matchesQuery(e, query), query)));

  /**
   * Runs a question over the table as it is once refreshed (a re-index meanwhile does not change it
   * under the question); if a table taken over from a sidecar proves damaged, indexes the log afresh
   * and asks again.
   */
  private async asked<T>(ask: (gen: Generation) => Promise<T>): Promise<T> {
    const run = async () => {
      await this.refresh();
      return ask(this.gen);
    };
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DamagedIndexError)) throw error;
      this.logger.warn(`${this.path}: ${error.message}; indexing the log afresh`);
      this.reset();
      return run();
    }
  }

  /** Candidates sorted by time, read and confirmed in batches until `limit` are found. */
  private answer(gen: Generation, parts: Iterable<number[]>, matches: (entry: LogEntry) => boolean, options: IndexQuery): Promise<LogEntry[]> {
    return answerOf(gen, parts, matches, options, (ns) => this.read(gen, ns));
  }

  async get(id: string): Promise<LogEntry | undefined> {
    return (await this.getMany([id]))[0];
  }

  getMany = (ids: readonly string[], options: { readonly current?: boolean } = {}): Promise<(LogEntry | undefined)[]> => this.asked((gen) => this.entriesOf(gen, ids, options.current === true));

  private async entriesOf(gen: Generation, ids: readonly string[], current: boolean): Promise<(LogEntry | undefined)[]> {
    const entries = await this.read(gen, ids.flatMap((id) => [...gen.table.lookup('id', id)]));
    const byId = new Map<string, LogEntry>();
    for (const e of entries) if (e && !byId.has(e.id)) byId.set(e.id, e);
    const found = ids.map((id) => byId.get(id));
    return current ? Promise.all(found.map((e) => e && amendedVersion(gen, e, (ns) => this.read(gen, ns)))) : found;
  }

  recordsForCommits = (shas: readonly string[], options: { readonly among?: readonly string[] } = {}): Promise<ChangeRecord[]> => this.asked((gen) => recordsNaming(gen, shas, options.among, (ns) => this.read(gen, ns)));

  bestForCommits = (shas: readonly string[], options: BestOptions = {}): Promise<Map<string, ChangeRecord>> => this.asked((gen) => bestForCommits(gen, shas, options, (ns) => this.read(gen, ns)));

  recordsOfBranch = async (branch: string, limit?: number) => (await this.query({ schema: 'changetrail/change', branch, limit })) as ChangeRecord[];
  deploymentsOf = async (environment: string, range: TimeRange = {}) => (await this.query({ schema: 'changetrail/deployment', environment, ...range })) as DeploymentRecord[];

  async incidents(range: TimeRange = {}): Promise<IncidentRecord[]> {
    // Every record of every incident, superseded or not: forks (two updates of one state) are joined there.
    return currentIncidentStates(await this.query({ schema: 'changetrail/incident', order: 'oldest', currentOnly: false })).filter((i) => inRange(Date.parse(i.detectedAt), range.since, range.until));
  }

  /** The entries with these numbers, parsed and validated from their bytes; undefined for an invalid one. */
  private read(gen: Generation, ns: readonly number[]): Promise<(LogEntry | undefined)[]> {
    return readEntries((read) => this.handle.use(this.identity.ino, read), gen, ns, (n, bytes, at) => this.parse(gen.table, n, bytes, at));
  }

  private parse(table: EntryTable, n: number, bytes: Buffer, at: number): LogEntry | null {
    const line = table.lines[n];
    const result: LogReadResult = { entries: [], problems: [] };
    parseLine(bytes.toString('utf8', at, at + table.lengths[n]), line, true, result, () => undefined);
    this.newerLines.note(result);
    if (result.problems.length > 0 && !this.reported.has(line)) {
      this.reported.add(line);
      this.found.push(...result.problems);
      warnProblems(this.path, result.problems, this.logger);
    }
    return result.entries[0] ?? null;
  }

  /** Reads what was appended since the last refresh, or everything when the file was replaced or rewritten. */
  private async update(): Promise<void> {
    let info;
    try {
      // Every question starts here: a synchronous stat is a microsecond, while an await on the
      // thread pool can take tens of milliseconds on a busy machine, and nothing changed most times.
      info = statSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (this.indexed > 0 || this.gen.table.count > 0) this.reset();
      return;
    }
    if (!this.loadTried) this.adopt(info.ino);
    const replaced = info.ino !== this.identity.ino || info.size < this.indexed;
    if (!replaced && info.size === this.indexed && info.mtimeMs === this.identity.mtimeMs) return;
    // Written without growing: rewritten in place (an editor), so the entries and answers kept are read again.
    if (!replaced && info.size === this.indexed && this.identity.mtimeMs !== -1) this.forget();
    if (replaced) this.reset();
    this.identity = { ino: info.ino, mtimeMs: info.mtimeMs };
    this.logger.debug(`${this.path}: indexing bytes ${this.indexed} to ${info.size}`);
    if (info.size > this.indexed + ONE_READ) {
      if (this.indexed > 0 && !(await sameEnds(this.path, this.head, this.tail, this.indexed))) {
        this.reset();
        return this.update();
      }
      const before = this.found.length;
      let base = this.indexed;
      // A first build or a big append: keys are sorted into postings once at the end.
      const table = this.gen.table;
      table.bulk();
      try {
        await readBlocks(this.path, (block) => {
          this.consume(block, base);
          base += block.length;
        }, this.indexed);
      } finally {
        table.seal();
      }
      warnProblems(this.path, this.found.slice(before), this.logger);
      return;
    }
    // Through the held handle: an append is read while the questions that follow it read entries.
    const bytes = await this.handle.use(info.ino, async (handle) => {
      // One read: the indexed tail (to tell an append from a rewrite) and everything after it.
      const from = this.indexed - this.tail.length;
      const read = await readAt(handle, from, info.size - from);
      const head = this.head.length > 0 && this.indexed > this.head.length ? await readAt(handle, 0, this.head.length) : this.head;
      if (read.subarray(0, this.tail.length).equals(this.tail) && head.equals(this.head)) return read.subarray(this.tail.length);
      this.reset();
      this.identity = { ino: info.ino, mtimeMs: info.mtimeMs };
      return readAt(handle, 0, info.size);
    });
    const before = this.found.length;
    // A first build sorts its keys into postings once; an append adds them one by one.
    const table = this.indexed === 0 ? this.gen.table : undefined;
    table?.bulk();
    try {
      this.consume(bytes, this.indexed);
    } finally {
      table?.seal();
    }
    warnProblems(this.path, this.found.slice(before), this.logger);
  }

  /** Indexes the whole lines of `block`, which starts at byte `base` of the file; an unfinished last line waits for the next refresh. */
  private consume(block: Buffer, base: number): void {
    const end = block.lastIndexOf(NEWLINE) + 1;
    if (end < block.length && this.tornAt !== base + end) {
      this.tornAt = base + end;
      this.logger.warn(`${this.path}:${this.lineCount + countLines(block, end) + 1}: skipped an incomplete last line (a write in progress, or cut short by a crash)`);
    }
    if (end === 0) return;
    // latin1 keeps one character per byte, so string offsets are file offsets.
    const text = block.toString('latin1', 0, end);
    for (let start = 0; start < end; ) {
      const newline = text.indexOf('\n', start);
      const line = ++this.lineCount;
      if (newline > start) this.indexLine(block, text, start, newline, base, line);
      start = newline + 1;
    }
    const consumed = block.subarray(0, end);
    if (this.head.length < FINGERPRINT) this.head = Buffer.concat([this.head, consumed.subarray(0, FINGERPRINT - this.head.length)]);
    this.tail = Buffer.from(Buffer.concat([this.tail, consumed.subarray(Math.max(0, end - FINGERPRINT))]).subarray(-FINGERPRINT));
    this.indexed = base + end;
  }

  private indexLine(block: Buffer, text: string, start: number, end: number, base: number, line: number): void {
    // A line without a readable createdAt is parsed, so it is reported: filed by its other keys, no
    // question by time would ever read it, and an audit export would leave it out without a word.
    if (skimLine(text, start, end, this.keys) && !Number.isNaN(this.keys.time)) {
      this.gen.table.add(this.keys, base + start, end - start, line);
      return;
    }
    // Not compact JSON (a hand edit, a torn fragment): parse it as readLog would.
    const result: LogReadResult = { entries: [], problems: this.found };
    const problems = this.found.length;
    parseLine(block.toString('utf8', start, end), line, true, result, () => undefined);
    this.newerLines.note(result);
    if (this.found.length > problems) this.reported.add(line);
    const entry = result.entries[0];
    if (!entry) return;
    // Records rescued from a damaged line (behind a torn fragment, glued together): each its own bytes.
    const rescued = this.found.length > problems ? gluedRecords(block, start, end) : [{ entry, from: start, to: end }];
    for (const r of rescued) this.gen.table.add(keysOf(r.entry, this.keys), base + r.from, r.to - r.from, line);
  }

  /** Takes over the sidecar's table when it still describes the log; the appended bytes are read next. */
  private adopt(ino: number): void {
    this.loadTried = true;
    const state = this.keep.sidecar ? loadSidecar(this.keep.sidecar, this.path) : undefined;
    if (!state) return;
    this.gen = newGeneration(EntryTable.from(state.columns));
    this.tables++;
    Object.assign(this, { indexed: state.indexed, lineCount: state.lineCount, tornAt: state.tornAt, head: state.head, tail: state.tail, savedAt: state.indexed });
    this.identity = { ino, mtimeMs: -1 };
    this.found = [...state.problems];
    for (const p of state.problems) this.reported.add(p.line);
    this.newerLines.restore(state.newer);
    this.logger.debug(`${this.path}: took over the saved index (${state.columns.count} entries, ${state.indexed} bytes) from ${this.keep.sidecar}`);
    warnProblems(this.path, this.found, this.logger);
  }

  /** Saves the table for the next process once enough was indexed since the last save. */
  private async persist(): Promise<void> {
    if (!this.keep.sidecar || this.indexed - this.savedAt < Math.max(1, this.keep.saveAfter ?? SAVE_BYTES) || this.found.length > SIDECAR_MAX_NOTES || this.newerLines.list().length > SIDECAR_MAX_NOTES) return;
    const { indexed, lineCount, tornAt, head, tail } = this;
    try {
      await saveSidecar(this.keep.sidecar, this.path, { indexed, lineCount, tornAt, head, tail, problems: this.found, newer: this.newerLines.list(), columns: this.gen.table.columns() });
    } catch (error) {
      this.logger.debug(`${this.keep.sidecar}: could not save the change-log index (${(error as Error).message}); it is rebuilt in the next process`);
    }
    this.savedAt = indexed;
  }

  private reset(): void {
    this.handle.release();
    this.savedAt = 0;
    this.gen = newGeneration();
    this.tables++;
    this.indexed = 0;
    this.lineCount = 0;
    this.identity = { ino: -1, mtimeMs: -1 };
    this.head = Buffer.alloc(0);
    this.tail = Buffer.alloc(0);
    this.found = [];
    this.reported.clear();
    this.newerLines.clear();
    this.tornAt = -1;
  }
}
