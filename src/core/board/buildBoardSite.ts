import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log';
import { periodOf } from '../metrics/periods';
import type { LogEntry } from '../records/changeRecord';
import type { BoardDeployment } from '../../protocol/boardData';
import type { BoardInput } from './boardData';
import { type BoardManifest, appendRaw, boardCacheDir, loadFacts, loadRaw, readManifest, resetCache, saveFacts, writeManifest } from './boardCache';
import { DIGEST_ENVIRONMENT, boardChange, boardDeployment, changeTime, decorateDeployment } from './boardDocuments';
import { boardIndexOf, boardPeriods } from './boardIndex';
import { deriveFromFacts } from './factMetrics';
import { FactTable } from './factTable';
import { type LogMark, appendedSince, scanLog } from './logScan';
import { changeLine, deploymentLine, monthScript } from './monthScript';
import { BOARD_ASSETS, boardHtml, dataScript } from './writeBoard';

// Bump when the documents, the facts or the decorations change shape: the next build starts afresh.
const BUILD_FORMAT = 1;
// Items held before they are written out (raw month documents, facts): what bounds a first build's memory.
const SPILL = 20_000;

/** What `changetrail board` builds a site from. */
export interface BoardSiteInput extends Omit<BoardInput, 'entries'> {
  readonly logs: readonly string[];
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
 * entry becomes compact facts (for the metrics) and its month's raw document lines (written out as
 * they fill), then each month document is assembled, written and dropped. With the cache of the
 * last build into `out` and logs that were only appended to, only the appended bytes are read and
 * only the month documents whose content or decorations changed are written again.
 */
export async function buildBoardSite(input: BoardSiteInput): Promise<BoardSiteResult> {
  const dir = input.cacheDir ?? boardCacheDir(input.out);
  const template = input.config.tickets.urlTemplate;
  const key = createHash('sha256').update(JSON.stringify({ BUILD_FORMAT, timeZone: input.timeZone, template: template ?? null, logs: input.logs, out: input.out })).digest('hex');
  const monthOf = (at: number) => periodOf(at, 'month', input.timeZone).key;
  const last = await readManifest(dir);
  const plan = last && last.key === key && last.logs.length === input.logs.length ? await appendPlan(input.logs, last) : undefined;
  const kept = plan && last ? loadFacts(dir, last.facts, monthOf) : undefined;
  const fresh = kept === undefined;
  const facts = kept ?? new FactTable(monthOf);
  await resetCache(dir, fresh);
  const previous = fresh || !last ? {} : last.months;

  // Read what is new: every entry once, validated, kept only as facts and raw month lines.
  const spill = new MonthSpill(dir, monthOf, template);
  const marks: LogMark[] = [];
  let parsed = 0;
  for (const [i, path] of input.logs.entries()) {
    const from = (!fresh && plan?.[i]) || { start: 0, lines: 0 };
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
  input.onStage?.('read');

  // The index, from the facts of every entry.
  const periods = boardPeriods(input.now, input.timeZone, input.weeks, input.months);
  const derived = deriveFromFacts(facts, { commitTimes: input.commitTimes, now: input.now, periods, timeZone: input.timeZone });
  const keys = [...derived.months.keys()].sort((a, b) => (a < b ? 1 : -1));
  const list = keys.map((k) => ({ key: k, file: `data/month-${k}.js`, ...(derived.months.get(k) as { changes: number; deployments: number }) }));
  const index = boardIndexOf(input, derived.source, periods, list);
  const written = { files: 0, bytes: 0 };
  const write = async (file: string, text: string | Buffer) => {
    written.files++;
    written.bytes += Buffer.byteLength(text);
    await writeFile(join(input.out, file), text);
  };
  await mkdir(join(input.out, 'data'), { recursive: true });
  for (const asset of BOARD_ASSETS) {
    await copyFile(join(input.assets, asset), join(input.out, asset));
    written.files++;
  }
  await write('index.html', boardHtml(index.title));
  await write('data/index.js', dataScript(index));

  input.onStage?.('index');

  // Each month document whose lines or decorations changed, one at a time.
  const rebuilt: string[] = [];
  const months: BoardManifest['months'] = {};
  const decorate = (d: BoardDeployment) => decorateDeployment(d, derived.currentId, derived.failures.get(d.id) ?? []);
  for (const month of keys) {
    const digest = derived.digests.get(month) ?? '';
    months[month] = { digest };
    const file = `data/month-${month}.js`;
    if (!spill.touched.has(month) && previous[month]?.digest === digest && existsSync(join(input.out, file))) continue;
    await write(file, monthScript(month, await loadRaw(dir, month), derived.superseded, decorate));
    rebuilt.push(month);
  }
  // Month documents of an earlier build that no longer exist.
  for (const name of await readdir(join(input.out, 'data'))) {
    const m = /^month-(\d{4}-\d{2})\.js$/.exec(name);
    if (m && !derived.months.has(m[1])) await rm(join(input.out, 'data', name));
  }
  input.onStage?.('months');
  const counts = saveFacts(dir, facts, fresh || !last ? undefined : last.facts);
  await writeManifest(dir, { version: 1, key, logs: marks.map((m, i) => ({ path: input.logs[i], ...m })), facts: counts, months });
  input.onStage?.('cache');
  return { entries: facts.ids.count, months: keys.length, files: written.files, bytes: written.bytes, parsed, rebuilt, reused: keys.length - rebuilt.length, fresh };
}

/** Where to go on in each log, or undefined when any of them was rewritten (build afresh). */
async function appendPlan(logs: readonly string[], last: BoardManifest): Promise<{ start: number; lines: number }[] | undefined> {
  const plan: { start: number; lines: number }[] = [];
  for (const [i, path] of logs.entries()) {
    const at = await appendedSince(path, last.logs[i]);
    if (!at) return undefined;
    plan.push(at);
  }
  return plan;
}

/** Raw month lines of the entries read, buffered and appended to their month's file. */
class MonthSpill {
  readonly touched = new Set<string>();
  private buffered = new Map<string, string[]>();
  size = 0;

  constructor(private readonly dir: string, private readonly monthOf: (at: number) => string, private readonly template: string | undefined) {}

  add(entry: LogEntry): void {
    if (entry.schema === 'changetrail/change') {
      const at = changeTime(entry);
      this.push(at, changeLine(boardChange(entry, at, this.template)));
    } else if (entry.schema === 'changetrail/deployment') {
      const at = Date.parse(entry.createdAt);
      this.push(at, deploymentLine(boardDeployment(entry, at)));
    }
  }

  flush(): void {
    for (const [month, lines] of this.buffered) appendRaw(this.dir, month, lines);
    this.buffered = new Map();
    this.size = 0;
  }

  private push(at: number, line: string): void {
    const month = this.monthOf(at);
    this.touched.add(month);
    const list = this.buffered.get(month);
    if (list) list.push(line);
    else this.buffered.set(month, [line]);
    this.size++;
  }
}
