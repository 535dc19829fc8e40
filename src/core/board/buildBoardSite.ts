import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TeamConfig } from '../config/teamConfigSchema';
import type { ExportSource } from '../export/auditExport';
import type { Logger } from '../log';
import { periodOf } from '../metrics/periods';
import type { LogEntry } from '../records/changeRecord';
import type { BoardChange, BoardDeployment, BoardMonth } from '../../protocol/boardData';
import { appendFacts, appendRaw, boardCacheDir, factsBytes, loadFacts, loadRaw, readManifest, resetCache, writeManifest, type BoardManifest } from './boardCache';
import { DIGEST_ENVIRONMENT, boardChange, boardDeployment, changeTime, decorateDeployment, newestFirst } from './boardDocuments';
import { BoardFacts, type EntryFact, factOf } from './boardFacts';
import { boardIndexOf } from './boardIndex';
import { type LogMark, appendedSince, scanLog } from './logScan';
import { BOARD_ASSETS, boardHtml, dataScript } from './writeBoard';

// Bump when the documents, the facts or the decorations change shape: the next build starts afresh.
const BUILD_FORMAT = 1;
// Items held before they are written out (raw month documents, facts): what bounds a first build's memory.
const SPILL = 20_000;

/** What `changetrail board` builds a site from. */
export interface BoardSiteInput {
  readonly logs: readonly string[];
  readonly config: TeamConfig;
  readonly sources: readonly ExportSource[];
  readonly commitTimes?: ReadonlyMap<string, number>;
  readonly now: number;
  readonly timeZone: string;
  readonly title?: string;
  readonly weeks?: number;
  readonly months?: number;
  readonly out: string;
  /** The page's own files (dist/board/). */
  readonly assets: string;
  readonly logger: Logger;
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
  const dir = boardCacheDir(input.out);
  const template = input.config.tickets.urlTemplate;
  const key = createHash('sha256').update(JSON.stringify({ BUILD_FORMAT, timeZone: input.timeZone, template: template ?? null, logs: input.logs })).digest('hex');
  const facts = new BoardFacts();
  const last = await readManifest(dir);
  let plan = last && last.key === key && last.logs.length === input.logs.length ? await appendPlan(input.logs, last) : undefined;
  if (plan && !(await loadFacts(dir, (last as BoardManifest).factsBytes, facts))) plan = undefined;
  const fresh = plan === undefined;
  await resetCache(dir, fresh);
  if (fresh) facts.clear();
  const previous = fresh ? {} : (last as BoardManifest).months;

  // Read what is new: every entry once, validated, kept only as facts and raw month lines.
  const spill = new MonthSpill(dir, input.timeZone, template);
  let pending: EntryFact[] = [];
  const marks: LogMark[] = [];
  let parsed = 0;
  for (const [i, path] of input.logs.entries()) {
    const from = plan?.[i] ?? { start: 0, lines: 0 };
    const scan = await scanLog(path, from, (entry) => {
      const fact = factOf(entry);
      if (!facts.add(fact)) return;
      pending.push(fact);
      spill.add(entry);
      if (pending.length >= SPILL) {
        appendFacts(dir, pending);
        pending = [];
      }
      if (spill.size >= SPILL) spill.flush();
    }, input.logger);
    parsed += scan.read;
    marks.push({ ...scan.mark });
  }
  appendFacts(dir, pending);
  pending = [];
  spill.flush();

  // The index, from the facts of every entry.
  const deployments = facts.deployments.filter((d) => d.environment !== DIGEST_ENVIRONMENT);
  const { index, prepared } = boardIndexOf({ ...input, changes: facts.changes, deployments, incidentEntries: facts.incidentEntries }, []);
  const failures = new Map(prepared.outcomes.map((o) => [o.deployment.id, o.failures]));
  const currentId = (id: string) => prepared.resolve.get(id)?.id ?? id;
  const superseded = new Set(facts.changes.flatMap((c) => (c.supersedes ? [c.supersedes] : [])));

  // Each month: its counts, and a digest of what its document takes from entries of any month.
  const months = new Map<string, { changes: number; deployments: number }>();
  const digests = new Map<string, ReturnType<typeof createHash>>();
  const monthOf = (at: number) => periodOf(at, 'month', input.timeZone).key;
  const count = (key: string) => months.get(key) ?? (months.set(key, { changes: 0, deployments: 0 }).get(key) as { changes: number; deployments: number });
  const note = (key: string, text: string) => (digests.get(key) ?? (digests.set(key, createHash('sha256')).get(key) as ReturnType<typeof createHash>)).update(`${text}\n`);
  for (const { at } of prepared.current) count(monthOf(at)).changes++;
  for (const c of facts.changes) if (superseded.has(c.id)) note(monthOf(changeTime(c)), `amended ${c.id}`);
  for (const d of deployments) {
    const month = monthOf(Date.parse(d.createdAt));
    count(month).deployments++;
    const failed = failures.get(d.id) ?? [];
    if (failed.length > 0) note(month, `failed ${d.id} ${failed.join(',')}`);
    for (const id of d.records) if (currentId(id) !== id) note(month, `carries ${d.id} ${id} as ${currentId(id)}`);
  }

  const keys = [...months.keys()].sort((a, b) => (a < b ? 1 : -1));
  index.months = keys.map((k) => ({ key: k, file: `data/month-${k}.js`, changes: (months.get(k) as { changes: number }).changes, deployments: (months.get(k) as { deployments: number }).deployments }));
  const written = { files: 0, bytes: 0 };
  const write = async (file: string, text: string) => {
    written.files++;
    written.bytes += Buffer.byteLength(text);
    await writeFile(join(input.out, file), text, 'utf8');
  };
  await mkdir(join(input.out, 'data'), { recursive: true });
  for (const asset of BOARD_ASSETS) {
    await copyFile(join(input.assets, asset), join(input.out, asset));
    written.files++;
  }
  await write('index.html', boardHtml(index.title));
  await write('data/index.js', dataScript(index));

  const rebuilt: string[] = [];
  const kept: BoardManifest['months'] = {};
  for (const month of keys) {
    const digest = digests.get(month)?.digest('hex') ?? '';
    kept[month] = { digest };
    const file = `data/month-${month}.js`;
    if (!spill.touched.has(month) && previous[month]?.digest === digest && existsSync(join(input.out, file))) continue;
    const raw = await loadRaw(dir, month);
    const doc: BoardMonth = {
      kind: 'month',
      key: month,
      changes: newestFirst(raw.changes.filter((c) => !superseded.has(c.id))),
      deployments: newestFirst(raw.deployments.map((d) => decorateDeployment(d, currentId, failures.get(d.id) ?? []))),
    };
    await write(file, dataScript(doc));
    rebuilt.push(month);
  }
  // Month documents of an earlier build that no longer exist.
  for (const name of await readdir(join(input.out, 'data'))) {
    const m = /^month-(\d{4}-\d{2})\.js$/.exec(name);
    if (m && !months.has(m[1])) await rm(join(input.out, 'data', name));
  }
  await writeManifest(dir, { version: 1, key, logs: marks.map((m, i) => ({ path: input.logs[i], ...m })), factsBytes: await factsBytes(dir), months: kept });
  return { entries: facts.size, months: keys.length, files: written.files, bytes: written.bytes, parsed, rebuilt, reused: keys.length - rebuilt.length, fresh };
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

/** Raw month documents of the entries read, buffered and appended to their month's file. */
class MonthSpill {
  readonly touched = new Set<string>();
  private buffered = new Map<string, ({ c: BoardChange } | { d: BoardDeployment })[]>();
  size = 0;

  constructor(private readonly dir: string, private readonly timeZone: string, private readonly template: string | undefined) {}

  add(entry: LogEntry): void {
    if (entry.schema === 'changetrail/change') {
      const at = changeTime(entry);
      this.push(at, { c: boardChange(entry, at, this.template) });
    } else if (entry.schema === 'changetrail/deployment' && entry.environment !== DIGEST_ENVIRONMENT) {
      const at = Date.parse(entry.createdAt);
      this.push(at, { d: boardDeployment(entry, at) });
    }
  }

  flush(): void {
    for (const [month, items] of this.buffered) appendRaw(this.dir, month, items);
    this.buffered = new Map();
    this.size = 0;
  }

  private push(at: number, item: { c: BoardChange } | { d: BoardDeployment }): void {
    const month = periodOf(at, 'month', this.timeZone).key;
    this.touched.add(month);
    const list = this.buffered.get(month);
    if (list) list.push(item);
    else this.buffered.set(month, [item]);
    this.size++;
  }
}
