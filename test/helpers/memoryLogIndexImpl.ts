import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../src/core/records/changeRecord';
import type { LogProblem } from '../../src/core/records/changeLogReader';
import type { BestOptions, ChangeLogIndex, IndexQuery, TimeRange } from '../../src/core/records/index/changeLogIndex';
import { sameCommit } from '../../src/core/records/index/entryFilter';
import { currentIncidentStates, supersedesEffectively } from '../../src/core/records/index/incidentStates';

/**
 * A ChangeLogIndex over entries already in memory (a readLog result): a stop-gap for the CLI and
 * the tests until the incremental index lands. Same answers, none of the speed: every query walks
 * the entries.
 */
export class MemoryLogIndex implements ChangeLogIndex {
  private readonly byId = new Map<string, LogEntry>();
  private readonly superseded = new Set<string>();
  // Entries by (createdAt, id), oldest first, with their times: a time range is two binary searches.
  private readonly sorted: LogEntry[];
  private readonly times: number[];

  constructor(
    readonly path: string,
    private readonly entries: readonly LogEntry[],
    private readonly readProblems: readonly LogProblem[] = [],
  ) {
    for (const e of entries) {
      this.byId.set(e.id, e);
    }
    for (const e of entries) {
      const older = 'supersedes' in e && e.supersedes ? this.byId.get(e.supersedes) : undefined;
      if (older && older.schema === e.schema && supersedesEffectively(e, older, (id) => this.byId.get(id))) this.superseded.add(older.id);
    }
    this.sorted = [...entries].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    this.times = this.sorted.map((e) => Date.parse(e.createdAt));
  }

  async refresh(): Promise<void> {}


  async query(q: IndexQuery): Promise<LogEntry[]> {
    const env = q.environment?.trim().toLowerCase();
    const system = q.system?.trim().toLowerCase();
    const ticket = q.ticket;
    const sha = q.sha?.toLowerCase();
    const matches = (e: LogEntry) => {
      if (q.schema && e.schema !== q.schema) return false;
      if ((q.currentOnly ?? true) && this.superseded.has(e.id)) return false;
      if (env !== undefined && e.environment.trim().toLowerCase() !== env) return false;
      if (system !== undefined) {
        const names = e.schema === 'changetrail/change' ? e.systems.map((s) => s.name) : e.schema === 'changetrail/incident' ? e.systems : [];
        if (!names.some((n) => n.trim().toLowerCase() === system)) return false;
      }
      if (ticket !== undefined && !(e.schema === 'changetrail/change' && e.tickets.includes(ticket))) return false;
      if (q.branch !== undefined && !(e.schema === 'changetrail/change' && e.branch === q.branch)) return false;
      if (q.origin !== undefined && !(e.schema === 'changetrail/change' && (e.origin ?? 'git') === q.origin)) return false;
      if (sha !== undefined && !matchesSha(e, sha)) return false;
      const carried = typeof q.carries === 'string' ? [q.carries] : q.carries;
      if (carried !== undefined && !(e.schema === 'changetrail/deployment' && e.records.some((r) => carried.includes(r)))) return false;
      const rolledBack = typeof q.rollsBack === 'string' ? [q.rollsBack] : q.rollsBack;
      if (rolledBack !== undefined && !(e.schema === 'changetrail/deployment' && e.rollsBack !== undefined && rolledBack.includes(e.rollsBack))) return false;
      return true;
    };
    const from = q.since === undefined ? 0 : this.firstAtOrAfter(q.since);
    const to = q.until === undefined ? this.sorted.length : this.firstAtOrAfter(q.until);
    const limit = q.limit ?? Infinity;
    const out: LogEntry[] = [];
    if ((q.order ?? 'newest') === 'newest') {
      for (let i = to - 1; i >= from && out.length < limit; i--) if (matches(this.sorted[i])) out.push(this.sorted[i]);
    } else {
      for (let i = from; i < to && out.length < limit; i++) if (matches(this.sorted[i])) out.push(this.sorted[i]);
    }
    return out;
  }

  private firstAtOrAfter(ms: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  async get(id: string): Promise<LogEntry | undefined> {
    return this.byId.get(id);
  }

  async getMany(ids: readonly string[], options: { readonly current?: boolean } = {}): Promise<(LogEntry | undefined)[]> {
    return ids.map((id) => {
      let entry = this.byId.get(id);
      const seen = new Set<string>();
      while (options.current && entry && !seen.has(entry.id)) {
        seen.add(entry.id);
        const at: LogEntry = entry;
        const next = [...this.byId.values()].filter((e) => e.schema === at.schema && 'supersedes' in e && e.supersedes === at.id).pop();
        if (!next) break;
        entry = next;
      }
      return entry;
    });
  }

  async recordsForCommits(shas: readonly string[], options: { readonly among?: readonly string[] } = {}): Promise<ChangeRecord[]> {
    const wanted = shas.map((s) => s.toLowerCase()).filter((s) => s.length >= 7);
    const hits = (await this.query({ schema: 'changetrail/change' })) as ChangeRecord[];
    return hits.filter((r) => (options.among === undefined || options.among.includes(r.id)) && r.commits.some((c) => wanted.some((w) => c.sha.startsWith(w) || w.startsWith(c.sha))));
  }

  /** By brute force: every current record naming each sha, ranked by options (the reference for LogIndex's). */
  async bestForCommits(shas: readonly string[], options: BestOptions = {}): Promise<Map<string, ChangeRecord>> {
    const env = options.environment?.trim().toLowerCase();
    const time = (r: ChangeRecord) => (Number.isNaN(Date.parse(r.createdAt)) ? -Infinity : Date.parse(r.createdAt));
    const lines = new Map<LogEntry, number>(this.entries.map((e, line) => [e, line]));
    const current = this.entries.filter((e): e is ChangeRecord => e.schema === 'changetrail/change' && !this.superseded.has(e.id));
    const score = (r: ChangeRecord): [number, number, string, number] => [Number(env === undefined || r.environment.trim().toLowerCase() === env), time(r), options.ties === 'id' ? r.id : '', lines.get(r) ?? 0];
    const better = (a: ChangeRecord, b: ChangeRecord) => {
      const [x, y] = [score(a), score(b)];
      for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] > y[i];
      return false;
    };
    const out = new Map<string, ChangeRecord>();
    for (const sha of shas) {
      let best: ChangeRecord | undefined;
      for (const r of current) if (r.commits.some((c) => sameCommit(c.sha, sha)) && (!best || better(r, best))) best = r;
      if (best) out.set(sha, best);
    }
    return out;
  }

  async recordsOfBranch(branch: string, limit?: number): Promise<ChangeRecord[]> {
    return (await this.query({ schema: 'changetrail/change', branch, limit })) as ChangeRecord[];
  }

  async deploymentsOf(environment: string, range: TimeRange = {}): Promise<DeploymentRecord[]> {
    return (await this.query({ schema: 'changetrail/deployment', environment, ...range })) as DeploymentRecord[];
  }

  async incidents(range: TimeRange = {}): Promise<IncidentRecord[]> {
    const all = await this.query({ schema: 'changetrail/incident', currentOnly: false });
    return currentIncidentStates(all).filter((r) => inRange(r.detectedAt, range));
  }

  problems(): readonly LogProblem[] {
    return this.readProblems;
  }
}

function inRange(iso: string, range: TimeRange): boolean {
  const ms = Date.parse(iso);
  return (range.since === undefined || ms >= range.since) && (range.until === undefined || ms < range.until);
}

function matchesSha(e: LogEntry, sha: string): boolean {
  if (e.schema === 'changetrail/change') return e.commits.some((c) => c.sha.startsWith(sha) || sha.startsWith(c.sha));
  if (e.schema === 'changetrail/deployment') return e.commit.startsWith(sha) || sha.startsWith(e.commit);
  return false;
}
