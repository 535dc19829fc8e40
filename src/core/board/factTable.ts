import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../records/changeRecord';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Column, appendColumn, checkColumn, grown, readColumn } from './columnFiles';
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
  unknown: z.array(z.string()),
  rollsBack: z.array(z.tuple([z.number(), z.string()])),
  incidents: z.array(incidentRecordSchema),
  envs: z.array(z.string()),
  systems: z.array(z.array(z.string())),
  months: z.array(z.string()),
});

// The compact facts of every entry of a board's logs, in columns (typed arrays, no records, no
// per-entry objects): what the metrics and the month decorations read. A million change records
// cost tens of megabytes, and the whole table is saved and loaded as a few buffers, so a rebuild
// does not read the log again. Titles, descriptions, answers and the like are never here: they go
// straight into the month documents.

/** Rows per kind: what a save wrote and a load expects. */
export interface FactCounts {
  readonly ids: number;
  readonly changes: number;
  readonly commits: number;
  readonly deployments: number;
  readonly records: number;
}

// Rows of room a loaded table keeps for new entries.
const SPARE = 65_536;

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
  // Changes: time (changedAt or createdAt), environment key, system list, flags, month, commits, id.
  cCount = 0;
  cAt = new Float64Array(0);
  cEnv = new Uint16Array(0);
  cSys = new Uint32Array(0);
  cFlags = new Uint8Array(0);
  cMonth = new Uint16Array(0);
  cCommitStart = new Uint32Array(0);
  cCommitCount = new Uint16Array(0);
  cSlot = new Uint32Array(0);
  // Commits: subject hash, sha (20 bytes when it is 40 lower-case hex digits; otherwise in oddShas).
  // The rows a loaded table was saved with stay in their files until one is asked for (a rebuild
  // that works out no lead time and meets no revert never reads them); rows added since are here.
  kCount = 0;
  private kSaved = 0;
  private kDir: string | undefined;
  private kSubjectSaved: Float64Array | undefined;
  private kShaSaved: Buffer | undefined;
  private kSubject = new Float64Array(0);
  private kSha = Buffer.alloc(0);
  oddShas = new Map<number, string>();
  /** Change number -> the hashes of the subjects its commits revert (`Revert "<subject>"`). */
  reverts = new Map<number, number[]>();
  /** Change number -> the id it supersedes (an amendment). */
  supersedes = new Map<number, string>();
  // Deployments: time, environment key, flags, records (change numbers, or -1 - k for unknown[k]), id, rollsBack.
  dCount = 0;
  dAt = new Float64Array(0);
  dEnv = new Uint16Array(0);
  dFlags = new Uint8Array(0);
  dRecStart = new Uint32Array(0);
  dRecCount = new Uint32Array(0);
  dSlot = new Uint32Array(0);
  rCount = 0;
  records = new Int32Array(0);
  unknown: string[] = [];
  rollsBack = new Map<number, string>();
  incidents: IncidentRecord[] = [];
  envs = new Interned<string>((s) => s);
  systems = new Interned<string[]>((s) => s.join('\n'));
  months = new Interned<string>((s) => s);

  constructor(private readonly monthOf: (at: number) => string) {}

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

  private change(c: ChangeRecord): void {
    const n = this.cCount++;
    if (n >= this.cAt.length) {
      const need = n + 1;
      this.cAt = grown(this.cAt, need);
      this.cEnv = grown(this.cEnv, need);
      this.cSys = grown(this.cSys, need);
      this.cFlags = grown(this.cFlags, need);
      this.cMonth = grown(this.cMonth, need);
      this.cCommitStart = grown(this.cCommitStart, need);
      this.cCommitCount = grown(this.cCommitCount, need);
      this.cSlot = grown(this.cSlot, need);
    }
    const at = Date.parse(c.changedAt ?? c.createdAt);
    this.cAt[n] = at;
    this.cEnv[n] = this.envs.of(c.environment.trim().toLowerCase());
    this.cSys[n] = this.systems.of(c.systems.map((s) => s.name));
    this.cFlags[n] = (c.rollbackPlan.trim() === '' ? NO_PLAN : 0) | (c.freezeOverride ? FREEZE_OVERRIDE : 0);
    this.cMonth[n] = this.months.of(this.monthOf(at));
    this.cCommitStart[n] = this.kCount;
    this.cCommitCount[n] = c.commits.length;
    for (const commit of c.commits) {
      const k = this.kCount++;
      const row = k - this.kSaved;
      if (row >= this.kSubject.length) {
        this.kSubject = grown(this.kSubject, row + 1);
        const sha = Buffer.alloc(this.kSubject.length * 20);
        this.kSha.copy(sha);
        this.kSha = sha;
      }
      this.kSubject[row] = subjectHash(commit.subject);
      if (SHA.test(commit.sha)) this.kSha.write(commit.sha, row * 20, 20, 'hex');
      else this.oddShas.set(k, commit.sha);
      const reverted = /^Revert "(.*)"$/.exec(commit.subject);
      if (reverted) this.reverts.set(n, [...(this.reverts.get(n) ?? []), subjectHash(reverted[1])]);
    }
    if (c.supersedes) this.supersedes.set(n, c.supersedes);
    this.cSlot[n] = this.ids.add(c.id, ID_CHANGE, n);
  }

  private deployment(d: DeploymentRecord): void {
    const n = this.dCount++;
    if (n >= this.dAt.length) {
      const need = n + 1;
      this.dAt = grown(this.dAt, need);
      this.dEnv = grown(this.dEnv, need);
      this.dFlags = grown(this.dFlags, need);
      this.dRecStart = grown(this.dRecStart, need);
      this.dRecCount = grown(this.dRecCount, need);
      this.dSlot = grown(this.dSlot, need);
    }
    this.dAt[n] = Date.parse(d.createdAt);
    this.dEnv[n] = this.envs.of(d.environment.trim().toLowerCase());
    this.dFlags[n] = (d.kind === 'rollback' ? ROLLBACK : 0) | (d.freezeOverride ? FREEZE_OVERRIDE : 0);
    this.dRecStart[n] = this.rCount;
    this.dRecCount[n] = d.records.length;
    this.records = grown(this.records, this.rCount + d.records.length);
    for (const id of d.records) {
      const slot = this.ids.find(id);
      // A record the log does not hold (yet): kept by id, looked up again on every build.
      this.records[this.rCount++] = slot >= 0 && this.ids.kindAt(slot) === ID_CHANGE ? this.ids.numAt(slot) : -1 - this.unknownOf(id);
    }
    if (d.rollsBack) this.rollsBack.set(n, d.rollsBack);
    this.dSlot[n] = this.ids.add(d.id, ID_DEPLOYMENT, n);
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
    return record >= 0 ? this.idAt(this.cSlot[record]) : this.unknown[-1 - record];
  }

  /** The shas of change `n`'s commits. */
  shasOf(n: number): string[] {
    const out: string[] = [];
    for (let k = this.cCommitStart[n], end = k + this.cCommitCount[n]; k < end; k++) {
      const odd = this.oddShas.get(k);
      if (odd !== undefined) out.push(odd);
      else if (k >= this.kSaved) out.push(this.kSha.toString('hex', (k - this.kSaved) * 20, (k - this.kSaved) * 20 + 20));
      else out.push(this.savedShas().toString('hex', k * 20, k * 20 + 20));
    }
    return out;
  }

  /** The subject hash of commit row `k`. */
  subjectAt(k: number): number {
    return k >= this.kSaved ? this.kSubject[k - this.kSaved] : this.savedSubjects()[k];
  }

  private savedSubjects(): Float64Array {
    return (this.kSubjectSaved ??= readColumn(this.kDir as string, 'kSubject', Float64Array, this.kSaved));
  }

  private savedShas(): Buffer {
    if (!this.kShaSaved) {
      const sha = readColumn(this.kDir as string, 'kSha', Uint8Array, this.kSaved * 20);
      this.kShaSaved = Buffer.from(sha.buffer, sha.byteOffset, sha.length);
    }
    return this.kShaSaved;
  }

  /** How many rows of each kind there are (what a save wrote, what a load expects). */
  counts(): FactCounts {
    return { ids: this.ids.count, changes: this.cCount, commits: this.kCount, deployments: this.dCount, records: this.rCount };
  }

  /** Appends the rows added since `saved` (the counts of the last save; zeros for a new cache) to the column files in `dir`. */
  save(dir: string, saved: FactCounts): void {
    const c: [string, Column][] = [['cAt', this.cAt], ['cEnv', this.cEnv], ['cSys', this.cSys], ['cFlags', this.cFlags], ['cMonth', this.cMonth], ['cCommitStart', this.cCommitStart], ['cCommitCount', this.cCommitCount], ['cSlot', this.cSlot]];
    for (const [name, column] of c) appendColumn(dir, name, column, saved.changes, this.cCount);
    // The commit rows saved before are in the files already; only those added since are in memory.
    if (saved.commits < this.kSaved) throw new Error(`commit rows saved out of order (${saved.commits} after ${this.kSaved})`);
    appendColumn(dir, 'kSubject', this.kSubject, saved.commits - this.kSaved, this.kCount - this.kSaved);
    appendColumn(dir, 'kSha', this.kSha, (saved.commits - this.kSaved) * 20, (this.kCount - this.kSaved) * 20);
    const d: [string, Column][] = [['dAt', this.dAt], ['dEnv', this.dEnv], ['dFlags', this.dFlags], ['dRecStart', this.dRecStart], ['dRecCount', this.dRecCount], ['dSlot', this.dSlot]];
    for (const [name, column] of d) appendColumn(dir, name, column, saved.deployments, this.dCount);
    appendColumn(dir, 'records', this.records, saved.records, this.rCount);
    this.ids.save(dir, saved.ids);
    const small = { oddShas: [...this.oddShas], reverts: [...this.reverts], supersedes: [...this.supersedes], unknown: this.unknown, rollsBack: [...this.rollsBack], incidents: this.incidents, envs: this.envs.list, systems: this.systems.list, months: this.months.list };
    writeFileSync(join(dir, 'small.json'), JSON.stringify(small));
  }

  /** The table saved in `dir` with these counts; throws when the files do not hold them. */
  static load(dir: string, counts: FactCounts, monthOf: (at: number) => string): FactTable {
    const t = new FactTable(monthOf);
    const n = counts.changes;
    // Room for what a rebuild usually adds, so its rows do not copy the columns.
    const S = SPARE;
    Object.assign(t, {
      cCount: n,
      cAt: readColumn(dir, 'cAt', Float64Array, n, S),
      cEnv: readColumn(dir, 'cEnv', Uint16Array, n, S),
      cSys: readColumn(dir, 'cSys', Uint32Array, n, S),
      cFlags: readColumn(dir, 'cFlags', Uint8Array, n, S),
      cMonth: readColumn(dir, 'cMonth', Uint16Array, n, S),
      cCommitStart: readColumn(dir, 'cCommitStart', Uint32Array, n, S),
      cCommitCount: readColumn(dir, 'cCommitCount', Uint16Array, n, S),
      cSlot: readColumn(dir, 'cSlot', Uint32Array, n, S),
      kCount: counts.commits,
      kSaved: counts.commits,
      kDir: dir,
      kSubject: new Float64Array(S),
      kSha: Buffer.alloc(S * 20),
      dCount: counts.deployments,
      dAt: readColumn(dir, 'dAt', Float64Array, counts.deployments, S),
      dEnv: readColumn(dir, 'dEnv', Uint16Array, counts.deployments, S),
      dFlags: readColumn(dir, 'dFlags', Uint8Array, counts.deployments, S),
      dRecStart: readColumn(dir, 'dRecStart', Uint32Array, counts.deployments, S),
      dRecCount: readColumn(dir, 'dRecCount', Uint32Array, counts.deployments, S),
      dSlot: readColumn(dir, 'dSlot', Uint32Array, counts.deployments, S),
      rCount: counts.records,
      records: readColumn(dir, 'records', Int32Array, counts.records, S * 4),
    });
    // Read when first asked for; their sizes are checked now, so a damaged cache still means a fresh build.
    checkColumn(dir, 'kSubject', Float64Array, counts.commits);
    checkColumn(dir, 'kSha', Uint8Array, counts.commits * 20);
    const small = smallSchema.parse(JSON.parse(readFileSync(join(dir, 'small.json'), 'utf8')));
    t.oddShas = new Map(small.oddShas);
    t.reverts = new Map(small.reverts);
    t.supersedes = new Map(small.supersedes);
    t.unknown = small.unknown;
    t.rollsBack = new Map(small.rollsBack);
    t.incidents = small.incidents as IncidentRecord[];
    t.envs = Interned.from(small.envs, (s) => s);
    t.systems = Interned.from(small.systems, (s) => s.join('\n'));
    t.months = Interned.from(small.months, (s) => s);
    t.ids.load(dir, counts.ids, S);
    return t;
  }
}
