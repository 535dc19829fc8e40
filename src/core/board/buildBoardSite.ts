import { createHash } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log';
import { periodOf } from '../metrics/periods';
import type { LogEntry } from '../records/changeRecord';
import type { BoardDeployment } from '../../protocol/boardData';
import type { BoardInput } from './boardData';
import { ChangeTrailError } from '../errors';
import { CACHE_MARK, SITE_MARK, cacheFolderRefusal, markFolder, siteFolderRefusal } from './boardFolders';
import { type BoardManifest, appendRaw, boardCacheDir, loadFacts, loadRaw, readManifest, resetCache, saveFacts, writeManifest } from './boardCache';
import { DIGEST_ENVIRONMENT, boardChange, boardDeployment, changeTime, decorateDeployment } from './boardDocuments';
import { boardIndexOf, boardPeriods } from './boardIndex';
import { deriveFromFacts } from './factMetrics';
import { FactTable } from './factTable';
import { type LogMark, appendedSince, scanLog } from './logScan';
import { changeJson, deploymentLine, monthChangesStatement, monthMetaScript } from './monthScript';
import { BOARD_ASSETS, boardHtml, dataScript } from './writeBoard';

// Bump when the documents, the facts or the decorations change shape: the next build starts afresh.
// 2: a month in two scripts, its changes appended to (monthScript.ts). 3: deployment ids in a
// column of their own, and the facts' summary (factSummary.ts).
const BUILD_FORMAT = 3;
// Items held before they are written out (raw month documents, facts): what bounds a first build's memory.
const SPILL = 20_000;

/** What `changetrail board` builds a site from. */
export interface BoardSiteInput extends Omit<BoardInput, 'entries' | 'commitTimes'> {
  readonly logs: readonly string[];
  /** Commit times for lead time (sha -> epoch ms); a promise is awaited only once the logs are read, so git can work meanwhile. */
  readonly commitTimes?: ReadonlyMap<string, number> | Promise<ReadonlyMap<string, number>>;
  readonly out: string;
  /** Where the build keeps what the next build into `out` reuses (default: `out`/.changetrail-board). */
  readonly cacheDir?: string;
  /** The page's own files (dist/board/). */
  readonly assets: string;
  readonly logger: Logger;
  /** Raw month lines held before they are written out (default 20,000): what bounds a first build's memory. */
  readonly spill?: number;
  /** Called as each stage ends (read, index, months, cache), so a benchmark can say where the time goes. */
  readonly onStage?: (stage: 'read' | 'index' | 'months' | 'cache') => void;
}

export interface BoardSiteResult {
  readonly entries: number;
  readonly months: number;
  readonly files: number;
  readonly bytes: number;
  /** Log entries parsed by this build (only the appended ones when the cache was reusable). */
  readonly parsed: number;
  /** Month documents written by this build, and those kept from the last one. */
  readonly rebuilt: readonly string[];
  readonly reused: number;
  /** Whether the build started afresh (no usable cache, or a log was rewritten rather than appended to). */
  readonly fresh: boolean;
}

/**
 * Writes the board into `out` reading each log once in chunks, never holding whole records: each
 * entry becomes compact facts (for the metrics) and, as they fill, a statement appended to its
 * month's changes script or a line of its month's deployments in the cache; then each month's meta
 * script (its deployments decorated, its amended changes) is written where it changed. With the
 * cache of the last build into `out` and logs that were only appended to, only the appended bytes
 * are read, only the new changes are appended, and only the meta scripts whose content changed
 * are written again.
 */
export async function buildBoardSite(input: BoardSiteInput): Promise<BoardSiteResult> {
  const dir = input.cacheDir ?? boardCacheDir(input.out);
  // Nothing is written or removed in a folder the board did not make (boardFolders.ts).
  for (const refusal of [await siteFolderRefusal(input.out), await cacheFolderRefusal(dir)]) if (refusal) throw new ChangeTrailError('FolderRefused', refusal);
  const data = join(input.out, 'data');
  const template = input.config.tickets.urlTemplate;
  const key = createHash('sha256').update(JSON.stringify({ BUILD_FORMAT, timeZone: input.timeZone, template: template ?? null, logs: input.logs, out: input.out })).digest('hex');
  const monthOf = (at: number) => periodOf(at, 'month', input.timeZone).key;
  const last = await readManifest(dir);
  // The changes scripts are only ever appended to: one gone missing cannot be mended, so build afresh.
  const whole = last !== undefined && Object.keys(last.months).every((month) => existsSync(join(data, changesFile(month))));
  const plan = last && whole && last.key === key && last.logs.length === input.logs.length ? await appendPlan(input.logs, last) : undefined;
  const kept = plan && last ? loadFacts(dir, last.facts, monthOf) : undefined;
  const fresh = kept === undefined;
  const facts = kept ?? new FactTable(monthOf);
  await resetCache(dir, fresh);
  await markFolder(dir, CACHE_MARK, 'The change board\'s cache,');
  await mkdir(data, { recursive: true });
  await markFolder(input.out, SITE_MARK, 'The change board,');
  // Afresh: no month script of an earlier build may be appended to.
  if (fresh) for (const name of await readdir(data)) if (MONTH_FILE.test(name)) await rm(join(data, name));
  const previous = fresh || !last ? {} : last.months;
  const written = { files: 0, bytes: 0 };

  // Read what is new: every entry once, validated, kept only as facts, appended changes and cached deployments.
  const spill = new MonthSpill(dir, data, monthOf, template, written);
  const marks: LogMark[] = [];
  let parsed = 0;
  for (const [i, path] of input.logs.entries()) {
    const from = (!fresh && plan?.[i]) || { start: 0, lines: 0, skipped: 0 };
    const scan = await scanLog(path, from, (entry) => {
      if (entry.schema === 'changetrail/deployment' && entry.environment === DIGEST_ENVIRONMENT) return;
      if (!facts.add(entry)) return;
      spill.add(entry);
      if (spill.size >= (input.spill ?? SPILL)) spill.flush();
    }, input.logger);
    parsed += scan.read;
    marks.push({ ...scan.mark });
  }
  spill.flush();
  written.files += spill.appended.size;
  input.onStage?.('read');

  // The index, from the facts of every entry.
  const periods = boardPeriods(input.now, input.timeZone, input.weeks, input.months);
  const derived = deriveFromFacts(facts, { commitTimes: await input.commitTimes, now: input.now, periods, timeZone: input.timeZone });
  const keys = [...derived.months.keys()].sort((a, b) => (a < b ? 1 : -1));
  const list = keys.map((k) => ({ key: k, file: `data/${changesFile(k)}`, meta: `data/${metaFile(k)}`, ...(derived.months.get(k) as { changes: number; deployments: number }) }));
  // The lines no build could read are said on the page: an auditor or a leader sees the board is not whole.
  const sources = input.sources.map((s, i) => (marks[i]?.skipped ? { ...s, skipped: marks[i].skipped } : s));
  const index = boardIndexOf({ ...input, sources }, derived.source, periods, list);
  const write = async (file: string, text: string | Buffer) => {
    written.files++;
    written.bytes += Buffer.byteLength(text);
    await writeFile(join(input.out, file), text);
  };
  for (const asset of BOARD_ASSETS) {
    await copyFile(join(input.assets, asset), join(input.out, asset));
    written.files++;
  }
  await write('index.html', boardHtml(index.title));
  await write('data/index.js', dataScript(index));

  input.onStage?.('index');

  // Each month's meta script whose deployments or amended changes changed, one at a time.
  const rebuilt: string[] = [];
  const months: BoardManifest['months'] = {};
  const decorate = (d: BoardDeployment) => decorateDeployment(d, derived.currentId, derived.failures.get(d.id) ?? []);
  for (const month of keys) {
    const digest = derived.digests.get(month) ?? '';
    months[month] = { digest };
    const changed = spill.touched.has(month);
    if (!changed && previous[month]?.digest === digest && existsSync(join(data, metaFile(month)))) continue;
    // A month with deployments only has no changes script yet: the page loads an empty one.
    if (!existsSync(join(data, changesFile(month)))) await write(`data/${changesFile(month)}`, '');
    await write(`data/${metaFile(month)}`, monthMetaScript(month, await loadRaw(dir, month), derived.amended.get(month) ?? [], decorate));
    rebuilt.push(month);
  }
  // Month scripts of an earlier build whose month no longer exists.
  for (const name of await readdir(data)) {
    const m = MONTH_FILE.exec(name);
    if (m && !derived.months.has(m[1])) await rm(join(data, name));
  }
  input.onStage?.('months');
  const counts = saveFacts(dir, facts, fresh || !last ? undefined : last.facts);
  await writeManifest(dir, { version: 1, key, logs: marks.map((m, i) => ({ path: input.logs[i], ...m })), facts: counts, months });
  input.onStage?.('cache');
  return { entries: facts.ids.count, months: keys.length, files: written.files, bytes: written.bytes, parsed, rebuilt, reused: keys.length - rebuilt.length, fresh };
}

/** Where to go on in each log, or undefined when any of them was rewritten (build afresh). */
async function appendPlan(logs: readonly string[], last: BoardManifest): Promise<{ start: number; lines: number; skipped: number }[] | undefined> {
  const plan: { start: number; lines: number; skipped: number }[] = [];
  for (const [i, path] of logs.entries()) {
    const at = await appendedSince(path, last.logs[i]);
    if (!at) return undefined;
    plan.push(at);
  }
  return plan;
}

const MONTH_FILE = /^month-(\d{4}-\d{2})(?:-meta)?\.js$/;

function changesFile(month: string): string {
  return `month-${month}.js`;
}

function metaFile(month: string): string {
  return `month-${month}-meta.js`;
}

/** The entries read, buffered per month: changes appended to their month's changes script, deployments to the cache. */
class MonthSpill {
  readonly touched = new Set<string>();
  /** Months whose changes script was appended to. */
  readonly appended = new Set<string>();
  private changes = new Map<string, string[]>();
  private deployments = new Map<string, string[]>();
  size = 0;

  constructor(
    private readonly dir: string,
    private readonly data: string,
    private readonly monthOf: (at: number) => string,
    private readonly template: string | undefined,
    private readonly written: { files: number; bytes: number },
  ) {}

  add(entry: LogEntry): void {
    if (entry.schema === 'changetrail/change') {
      const at = changeTime(entry);
      this.push(this.changes, at, changeJson(boardChange(entry, at, this.template)));
    } else if (entry.schema === 'changetrail/deployment') {
      const at = Date.parse(entry.createdAt);
      this.push(this.deployments, at, deploymentLine(boardDeployment(entry, at)));
    }
  }

  /** Writes what is buffered (synchronously: the log's reader calls it between blocks). */
  flush(): void {
    for (const [month, lines] of this.changes) {
      const statement = monthChangesStatement(month, lines);
      appendFileSync(join(this.data, changesFile(month)), statement, 'utf8');
      this.written.bytes += Buffer.byteLength(statement);
      this.appended.add(month);
    }
    for (const [month, lines] of this.deployments) appendRaw(this.dir, month, lines);
    this.changes = new Map();
    this.deployments = new Map();
    this.size = 0;
  }

  private push(into: Map<string, string[]>, at: number, line: string): void {
    const month = this.monthOf(at);
    this.touched.add(month);
    const list = into.get(month);
    if (list) list.push(line);
    else into.set(month, [line]);
    this.size++;
  }
}
