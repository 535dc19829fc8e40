import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../records/changeRecord';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Column } from './columnFiles';
import { FactColumn, FactRows } from './factColumn';
import { Interned } from './interned';
import { subjectHash } from './subjectHash';
import { IdTable } from './idTable';
import * as z from 'zod/mini';
import { incidentRecordSchema } from '../records/changeRecord';

// The table's sparse parts and strings (small.json): checked as they are read back, like every file.
const smallSchema = z.object({
  oddShas: z.array(z.tuple([z.number(), z.string()])),
  reverts: z.array(z.tuple([z.number(), z.array(z.number())])),
  supersedes: z.array(z.tuple([z.number(), z.string()])),
  amendedAt: z.array(z.tuple([z.number(), z.number()])),
  unknown: z.array(z.string()),
  rollsBack: z.array(z.tuple([z.number(), z.string()])),
  incidents: z.array(incidentRecordSchema),
  envs: z.array(z.string()),
  systems: z.array(z.array(z.string())),
  months: z.array(z.string()),
});

// The compact facts of every entry of a board's logs, in columns (typed arrays, no records, no
// per-entry objects): what the metrics and the month decorations read. A million change records
// cost tens of megabytes; the table is saved as a file per column, and a rebuild reads only the
// pages of them it asks for (factColumn.ts), never the log again. What the metrics work out from
// every change row is kept beside it (`summary`, factSummary.ts), so a rebuild adds only the new
// rows. Titles, descriptions, answers and the like are never here: they go straight into the
// month documents.

/** Rows per kind: what a save wrote and a load expects. */
export interface FactCounts {
  readonly ids: number;
  readonly changes: number;
  readonly commits: number;
  readonly deployments: number;
  readonly records: number;
}

export const ID_CHANGE = 1;
export const ID_DEPLOYMENT = 2;
export const ID_INCIDENT = 3;
export const NO_PLAN = 1;
export const FREEZE_OVERRIDE = 2;
export const ROLLBACK = 1;
const SHA = /^[0-9a-f]{40}$/;

/** The facts table; see the file comment. `monthOf` gives the month key of a change's time (the board's zone). */
export class FactTable {
  readonly ids = new IdTable();
  // Changes: time (changedAt or createdAt), environment key, system list, flags, month, commits, id slot.
  cAt = new FactColumn(Float64Array);
  cEnv = new FactColumn(Uint16Array);
  cSys = new FactColumn(Uint32Array);
  cFlags = new FactColumn(Uint8Array);
  cMonth = new FactColumn(Uint16Array);
  cCommitStart = new FactColumn(Uint32Array);
  cCommitCount = new FactColumn(Uint16Array);
  cSlot = new FactColumn(Uint32Array);
  // Commits: subject hash, sha (20 bytes when it is 40 lower-case hex digits; otherwise in oddShas).
  private kSubject = new FactColumn(Float64Array);
  private kSha = new FactRows(20);
  oddShas = new Map<number, string>();
  /** Change number -> the hashes of the subjects its commits revert (`Revert "<subject>"`). */
  reverts = new Map<number, number[]>();
  /** Change number -> the id it supersedes (an amendment). */
  supersedes = new Map<number, string>();
  /** Amendment change number -> its createdAt (ms): a loop of amendments is broken at its latest record (supersedesLoops.ts). */
  amendedAt = new Map<number, number>();
  // Deployments: time, environment key, flags, records (change numbers, or -1 - k for unknown[k]), id, id slot, rollsBack.
  dAt = new FactColumn(Float64Array);
  dEnv = new FactColumn(Uint16Array);
  dFlags = new FactColumn(Uint8Array);
  dRecStart = new FactColumn(Uint32Array);
  dRecCount = new FactColumn(Uint32Array);
  dSlot = new FactColumn(Uint32Array);
  private dId = new FactRows(26);
  records = new FactColumn(Int32Array);
  unknown: string[] = [];
  rollsBack = new Map<number, string>();
  incidents: IncidentRecord[] = [];
  envs = new Interned<string>((s) => s);
  systems = new Interned<string[]>((s) => s.join('\n'));
  months = new Interned<string>((s) => s);
  /** What the metrics worked out from the rows (factSummary.ts), as the last derive left it; saved with the table. */
  summary: unknown;

  constructor(private readonly monthOf: (at: number) => string) {}

  get cCount(): number {
    return this.cAt.length;
  }

  get kCount(): number {
    return this.kSubject.length;
  }

  get dCount(): number {
    return this.dAt.length;
  }

  get rCount(): number {
    return this.records.length;
  }

  /** Adds an entry's facts; false when an entry with its id was added before (a log copied into two places). */
  add(entry: LogEntry): boolean {
    if (this.ids.find(entry.id) >= 0) return false;
    if (entry.schema === 'changetrail/change') this.change(entry);
    else if (entry.schema === 'changetrail/deployment') this.deployment(entry);
    else {
      this.ids.add(entry.id, ID_INCIDENT, this.incidents.length);
      this.incidents.push(entry);
    }
    return true;
  }

  /** The id of entry slot `slot`. */
  idAt(slot: number): string {
    return this.ids.idAt(slot);
  }

  /** The id of deployment `d`. */
  deploymentId(d: number): string {
    return this.dId.text(d, 'latin1');
  }

  private change(c: ChangeRecord): void {
    const n = this.cCount;
    const at = Date.parse(c.changedAt ?? c.createdAt);
    this.cAt.push(at);
    this.cEnv.push(this.envs.of(c.environment.trim().toLowerCase()));
    this.cSys.push(this.systems.of(c.systems.map((s) => s.name)));
    this.cFlags.push((c.rollbackPlan.trim() === '' ? NO_PLAN : 0) | (c.freezeOverride ? FREEZE_OVERRIDE : 0));
    this.cMonth.push(this.months.of(this.monthOf(at)));
    this.cCommitStart.push(this.kCount);
    this.cCommitCount.push(c.commits.length);
    for (const commit of c.commits) {
      const k = this.kCount;
      this.kSubject.push(subjectHash(commit.subject));
      const plain = SHA.test(commit.sha);
      this.kSha.push(plain ? commit.sha : undefined, 'hex');
      if (!plain) this.oddShas.set(k, commit.sha);
      const reverted = /^Revert "(.*)"$/.exec(commit.subject);
      if (reverted) this.reverts.set(n, [...(this.reverts.get(n) ?? []), subjectHash(reverted[1])]);
    }
    // A record naming itself (a hand edit) amends nothing: it would take itself off the board.
    if (c.supersedes && c.supersedes !== c.id) {
      this.supersedes.set(n, c.supersedes);
      this.amendedAt.set(n, Date.parse(c.createdAt));
    }
    this.cSlot.push(this.ids.add(c.id, ID_CHANGE, n));
  }

  private deployment(d: DeploymentRecord): void {
    const n = this.dCount;
    this.dAt.push(Date.parse(d.createdAt));
    this.dEnv.push(this.envs.of(d.environment.trim().toLowerCase()));
    this.dFlags.push((d.kind === 'rollback' ? ROLLBACK : 0) | (d.freezeOverride ? FREEZE_OVERRIDE : 0));
    this.dRecStart.push(this.rCount);
    this.dRecCount.push(d.records.length);
    for (const id of d.records) {
      const slot = this.ids.find(id);
      // A record the log does not hold (yet): kept by id, looked up again on every build.
      this.records.push(slot >= 0 && this.ids.kindAt(slot) === ID_CHANGE ? this.ids.numAt(slot) : -1 - this.unknownOf(id));
    }
    if (d.rollsBack) this.rollsBack.set(n, d.rollsBack);
    this.dId.push(d.id, 'latin1');
    this.dSlot.push(this.ids.add(d.id, ID_DEPLOYMENT, n));
  }

  private unknownOf(id: string): number {
    this.unknown.push(id);
    return this.unknown.length - 1;
  }

  /** The change number a record id names now, or -1 (for `records` values below zero, once unknown). */
  changeOf(record: number): number {
    if (record >= 0) return record;
    const slot = this.ids.find(this.unknown[-1 - record]);
    return slot >= 0 && this.ids.kindAt(slot) === ID_CHANGE ? this.ids.numAt(slot) : -1;
  }

  /** The record id a deployment named (for `records` values). */
  recordId(record: number): string {
    return record >= 0 ? this.idAt(this.cSlot.at(record)) : this.unknown[-1 - record];
  }

  /** The shas of change `n`'s commits. */
  shasOf(n: number): string[] {
    const out: string[] = [];
    for (let k = this.cCommitStart.at(n), end = k + this.cCommitCount.at(n); k < end; k++) out.push(this.oddShas.get(k) ?? this.kSha.text(k, 'hex'));
    return out;
  }

  /** The subject hash of commit row `k`. */
  subjectAt(k: number): number {
    return this.kSubject.at(k);
  }

  /** How many rows of each kind there are (what a save wrote, what a load expects). */
  counts(): FactCounts {
    return { ids: this.ids.count, changes: this.cCount, commits: this.kCount, deployments: this.dCount, records: this.rCount };
  }

  /** Appends the rows added since `saved` (the counts of the last save; zeros for a new cache) to the column files in `dir`. */
  save(dir: string, saved: FactCounts): void {
    for (const [name, column] of this.changeColumns()) column.save(dir, name, saved.changes);
    this.kSubject.save(dir, 'kSubject', saved.commits);
    this.kSha.save(dir, 'kSha', saved.commits);
    for (const [name, column] of this.deploymentColumns()) column.save(dir, name, saved.deployments);
    this.dId.save(dir, 'dId', saved.deployments);
    this.records.save(dir, 'records', saved.records);
    this.ids.save(dir, saved.ids);
    const small = { oddShas: [...this.oddShas], reverts: [...this.reverts], supersedes: [...this.supersedes], amendedAt: [...this.amendedAt], unknown: this.unknown, rollsBack: [...this.rollsBack], incidents: this.incidents, envs: this.envs.list, systems: this.systems.list, months: this.months.list };
    writeFileSync(join(dir, 'small.json'), JSON.stringify(small));
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(this.summary ?? null));
  }

  /** The table saved in `dir` with these counts; throws when the files do not hold them. */
  static load(dir: string, counts: FactCounts, monthOf: (at: number) => string): FactTable {
    const t = new FactTable(monthOf);
    // Each column's size is checked now (its pages are read when asked for): a damaged cache means a fresh build.
    for (const [name, column] of t.changeColumns()) Object.assign(t, { [name]: FactColumn.saved(column.type, dir, name, counts.changes) });
    t.kSubject = FactColumn.saved(Float64Array, dir, 'kSubject', counts.commits);
    t.kSha = FactRows.saved(20, dir, 'kSha', counts.commits);
    for (const [name, column] of t.deploymentColumns()) Object.assign(t, { [name]: FactColumn.saved(column.type, dir, name, counts.deployments) });
    t.dId = FactRows.saved(26, dir, 'dId', counts.deployments);
    t.records = FactColumn.saved(Int32Array, dir, 'records', counts.records);
    const small = smallSchema.parse(JSON.parse(readFileSync(join(dir, 'small.json'), 'utf8')));
    t.oddShas = new Map(small.oddShas);
    t.reverts = new Map(small.reverts);
    t.supersedes = new Map(small.supersedes);
    t.amendedAt = new Map(small.amendedAt);
    t.unknown = small.unknown;
    t.rollsBack = new Map(small.rollsBack);
    t.incidents = small.incidents as IncidentRecord[];
    t.envs = Interned.from(small.envs, (s) => s);
    t.systems = Interned.from(small.systems, (s) => s.join('\n'));
    t.months = Interned.from(small.months, (s) => s);
    t.ids.load(dir, counts.ids);
    // Checked where it is used (factSummary.ts): one that does not fit is worked out again.
    const summary = join(dir, 'summary.json');
    t.summary = existsSync(summary) ? JSON.parse(readFileSync(summary, 'utf8')) : undefined;
    return t;
  }

  private changeColumns(): [string, FactColumn<Column>][] {
    return [['cAt', this.cAt], ['cEnv', this.cEnv], ['cSys', this.cSys], ['cFlags', this.cFlags], ['cMonth', this.cMonth], ['cCommitStart', this.cCommitStart], ['cCommitCount', this.cCommitCount], ['cSlot', this.cSlot]];
  }

  private deploymentColumns(): [string, FactColumn<Column>][] {
    return [['dAt', this.dAt], ['dEnv', this.dEnv], ['dFlags', this.dFlags], ['dRecStart', this.dRecStart], ['dRecCount', this.dRecCount], ['dSlot', this.dSlot]];
  }
}
