import * as z from 'zod/mini';
import { type Period, periodOf } from '../metrics/periods';
import { FREEZE_OVERRIDE, type FactTable, ID_CHANGE, NO_PLAN } from './factTable';
import { loopClosers, supersedesLoops } from './supersedesLoops';

// What the board's metrics take from every row of the facts table, folded once and kept with it
// (FactTable.summary): which changes an amendment replaced, how many current changes each month,
// environment and system list has, per week and month, environment and system list the current
// changes, those without a rollback plan and the freeze overrides, and the systems each deployment
// carried. A rebuild extends it by the new rows: an amendment takes the row it replaces out of the
// counts, and the deployments whose carried changes now resolve to another row get their systems
// again. The rebuild property test holds an extended summary's boards to a fresh build's.

export const factSummarySchema = z.object({
  /** Change rows folded. */
  changes: z.number(),
  /** Deployments whose systems are kept. */
  deployments: z.number(),
  /** Amendment rows that amend nothing: each closes a hand-edited loop at its latest record (supersedesLoops.ts). */
  closers: z.array(z.number()),
  /** Superseded change row -> the row that replaced it (the last amendment naming it). */
  next: z.array(z.tuple([z.number(), z.number()])),
  /** Superseded rows, in row order: row, month number, id. */
  amended: z.array(z.tuple([z.number(), z.number(), z.string()])),
  /** By month number: current changes. */
  months: z.array(z.number()),
  /** By environment number: current changes. */
  envs: z.array(z.number()),
  /** By system list number: current changes. */
  lists: z.array(z.number()),
  /** `${kind} ${period key}|${environment}|${system list}` -> changes, without a rollback plan, freeze overrides. */
  bins: z.record(z.string(), z.tuple([z.number(), z.number(), z.number()])),
  /** By deployment: its systems, as a number in `systemSets`. */
  deploymentSystems: z.array(z.number()),
  systemSets: z.array(z.array(z.string())),
});
export type FactSummary = z.infer<typeof factSummarySchema>;

/** The summary of every row of `t` (the one it kept, extended by the new rows, when it fits the table), kept in `t.summary`. */
export function summarize(t: FactTable, timeZone: string): FactSummary {
  const kept = factSummarySchema.safeParse(t.summary);
  const summary = (kept.success && fits(t, kept.data) ? extend(t, kept.data, timeZone) : undefined) ?? fold(t, timeZone);
  t.summary = summary;
  return summary;
}

/** Whether `s` was made from the first rows of this table (a table it cannot be, a fresh fold answers). */
function fits(t: FactTable, s: FactSummary): boolean {
  return s.changes <= t.cCount && s.deployments <= t.dCount && s.months.length <= t.months.list.length && s.envs.length <= t.envs.list.length && s.lists.length <= t.systems.list.length && s.deploymentSystems.length === s.deployments;
}

function emptySummary(): FactSummary {
  return { changes: 0, deployments: 0, closers: [], next: [], amended: [], months: [], envs: [], lists: [], bins: {}, deploymentSystems: [], systemSets: [] };
}

function fold(t: FactTable, timeZone: string): FactSummary {
  const s = emptySummary();
  const next = new Map<number, number>();
  const closers = new Set(loopClosers(t));
  s.closers = [...closers];
  for (const [n, id] of t.supersedes) {
    if (closers.has(n)) continue;
    const slot = t.ids.find(id);
    if (slot < 0 || t.ids.kindAt(slot) !== ID_CHANGE) continue;
    const m = t.ids.numAt(slot);
    const held = next.get(m);
    if (held === undefined || laterAmendment(t, n, held)) next.set(m, n);
  }
  s.next = [...next];
  s.amended = [...next.keys()].sort((a, b) => a - b).map((m) => [m, t.cMonth.at(m), t.idAt(t.cSlot.at(m))]);
  addChanges(t, s, 0, next, timeZone);
  addDeployments(t, s, 0, next);
  return s;
}

/**
 * `s` with the rows added since it was made. A new amendment takes the row it replaces out of the
 * counts; a new row that an older amendment named is out of them from the start; the deployments
 * whose carried changes now resolve differently (an amendment, a record written after a deployment
 * named it) get their systems again. What fold would give, without going over every row; undefined
 * when `s` turns out not to hold a row it should (then fold). `s` is changed.
 */
function extend(t: FactTable, s: FactSummary, timeZone: string): FactSummary | undefined {
  // Changed in place: the kept summary is replaced by what this returns, and when it returns
  // undefined fold starts from nothing.
  const out = s;
  const before = new Map(s.next);
  const next = new Map(s.next);
  // Replacements: those of older amendments naming a row written only now, then those of the new
  // amendments. Of two naming one row, the later id wins, as in fold.
  const replaced: [number, number][] = [];
  const written = new Map<string, number>();
  for (let r = s.changes; r < t.cCount; r++) written.set(t.idAt(t.cSlot.at(r)), r);
  const resolvedUnknown = new Set<number>();
  if (written.size > 0) {
    for (const [n, id] of t.supersedes) {
      const r = n < s.changes ? written.get(id) : undefined;
      if (r !== undefined) replaced.push([r, n]);
    }
    t.unknown.forEach((id, k) => written.has(id) && resolvedUnknown.add(k));
  }
  for (const [n, id] of t.supersedes) {
    if (n < s.changes) continue;
    const slot = t.ids.find(id);
    if (slot >= 0 && t.ids.kindAt(slot) === ID_CHANGE) replaced.push([t.ids.numAt(slot), n]);
  }
  // A loop of amendments closed by a new row (hand edits: rare) is worked out over every row.
  if (replaced.length > 0 && supersedesLoops(t, replaced.map(([, n]) => n)).some((loop) => loop.some((row) => row >= s.changes))) return undefined;
  for (const [m, n] of replaced) {
    const held = next.get(m);
    if (held !== undefined && held !== n && !laterAmendment(t, n, held)) continue;
    const counted = m < s.changes && !next.has(m);
    if (!next.has(m)) out.amended.push([m, t.cMonth.at(m), t.idAt(t.cSlot.at(m))]);
    next.set(m, n);
    if (!counted) continue;
    // Out of the counts it was in.
    const e = t.cEnv.at(m);
    const l = t.cSys.at(m);
    const month = t.cMonth.at(m);
    out.months[month]--;
    out.envs[e]--;
    out.lists[l]--;
    const f = t.cFlags.at(m);
    for (const key of [`week ${periodOf(t.cAt.at(m), 'week', timeZone).key}|${e}|${l}`, `month ${t.months.list[month]}|${e}|${l}`]) {
      const bin = out.bins[key];
      if (!bin || bin[0] < 1) return undefined;
      bin[0]--;
      if (f & NO_PLAN) bin[1]--;
      if (f & FREEZE_OVERRIDE) bin[2]--;
      if (bin[0] === 0) delete out.bins[key];
    }
    if (out.months[month] < 0 || out.envs[e] < 0 || out.lists[l] < 0) return undefined;
  }
  out.amended.sort((a, b) => a[0] - b[0]);
  addChanges(t, out, s.changes, next, timeZone);
  // Older deployments that carried a change which now resolves to another row, or named a record written only now.
  const moved = new Set<number>();
  for (const x of next.keys()) if (resolve(before, x) !== resolve(next, x)) moved.add(x);
  // A record named by id before it was written is looked up by id each time: it moved when it is written now, or its row did.
  if (moved.size > 0) t.unknown.forEach((_, k) => moved.has(t.changeOf(-1 - k)) && resolvedUnknown.add(k));
  if (moved.size > 0 || resolvedUnknown.size > 0) {
    const records = t.records.all();
    const movedRow = new Uint8Array(t.cCount);
    for (const x of moved) movedRow[x] = 1;
    const sets = setIndex(out);
    const listMark = new Uint32Array(t.systems.list.length);
    for (let d = 0; d < s.deployments; d++) {
      for (let r = t.dRecStart.at(d), end = r + t.dRecCount.at(d); r < end; r++) {
        const v = records[r];
        if (v >= 0 ? movedRow[v] === 1 : resolvedUnknown.has(-1 - v)) {
          out.deploymentSystems[d] = systemsOf(t, out, sets, listMark, d, next, records);
          break;
        }
      }
    }
  }
  addDeployments(t, out, s.deployments, next);
  out.next = [...next];
  return out;
}

/** Folds change rows [from, cCount) into `s`, but those an amendment replaced. */
function addChanges(t: FactTable, s: FactSummary, from: number, next: ReadonlyMap<number, number>, timeZone: string): void {
  while (s.months.length < t.months.list.length) s.months.push(0);
  while (s.envs.length < t.envs.list.length) s.envs.push(0);
  while (s.lists.length < t.systems.list.length) s.lists.push(0);
  const whole = from === 0 && t.cCount > 0;
  // Over every row, each column in one array; over a few new rows, a row at a time.
  const at = whole ? t.cAt.all() : undefined;
  const env = whole ? t.cEnv.all() : undefined;
  const sys = whole ? t.cSys.all() : undefined;
  const flags = whole ? t.cFlags.all() : undefined;
  const month = whole ? t.cMonth.all() : undefined;
  // Counted by number (period, environment, system list) and named once at the end: a million
  // rows make no strings. Periods are numbered as they are met; rows of one week follow each other.
  const E = t.envs.list.length;
  const L = t.systems.list.length;
  const periodKeys: string[] = [];
  const periodNum = new Map<string, number>();
  let counts = new Float64Array(64 * E * L * 3);
  const numOf = (key: string): number => {
    let p = periodNum.get(key);
    if (p === undefined) {
      p = periodKeys.push(key) - 1;
      periodNum.set(key, p);
      if ((p + 1) * E * L * 3 > counts.length) {
        const more = new Float64Array(counts.length * 2);
        more.set(counts);
        counts = more;
      }
    }
    return p;
  };
  const monthNum = t.months.list.map((key) => numOf(`month ${key}`));
  const bump = (p: number, e: number, l: number, f: number) => {
    const i = ((p * E + e) * L + l) * 3;
    counts[i]++;
    if (f & NO_PLAN) counts[i + 1]++;
    if (f & FREEZE_OVERRIDE) counts[i + 2]++;
  };
  let week: Period | undefined;
  let weekNum = -1;
  for (let n = from; n < t.cCount; n++) {
    if (next.has(n)) continue;
    const e = env ? env[n] : t.cEnv.at(n);
    const l = sys ? sys[n] : t.cSys.at(n);
    const m = month ? month[n] : t.cMonth.at(n);
    const f = flags ? flags[n] : t.cFlags.at(n);
    const time = at ? at[n] : t.cAt.at(n);
    s.months[m]++;
    s.envs[e]++;
    s.lists[l]++;
    if (!week || time < week.start || time >= week.end) {
      week = periodOf(time, 'week', timeZone);
      weekNum = numOf(`week ${week.key}`);
    }
    bump(weekNum, e, l, f);
    bump(monthNum[m], e, l, f);
  }
  for (let p = 0; p < periodKeys.length; p++) {
    for (let e = 0; e < E; e++) {
      for (let l = 0; l < L; l++) {
        const i = ((p * E + e) * L + l) * 3;
        if (counts[i] === 0) continue;
        const bin = (s.bins[`${periodKeys[p]}|${e}|${l}`] ??= [0, 0, 0]);
        bin[0] += counts[i];
        bin[1] += counts[i + 1];
        bin[2] += counts[i + 2];
      }
    }
  }
  s.changes = t.cCount;
}

/** The systems of deployments [from, dCount), appended to `s.deploymentSystems`. */
function addDeployments(t: FactTable, s: FactSummary, from: number, next: ReadonlyMap<number, number>): void {
  const sets = setIndex(s);
  const listMark = new Uint32Array(t.systems.list.length);
  // Over every deployment, the record and system columns in one array each.
  const whole = from === 0 && t.rCount > 0;
  const records = whole ? t.records.all() : undefined;
  const sys = whole ? t.cSys.all() : undefined;
  for (let d = from; d < t.dCount; d++) s.deploymentSystems.push(systemsOf(t, s, sets, listMark, d, next, records, sys));
  s.deployments = t.dCount;
}

/** `s.systemSets` by their names (joined), to find a set again. */
function setIndex(s: FactSummary): Map<string, number> {
  return new Map(s.systemSets.map((names, i) => [names.join('\n'), i]));
}

/**
 * Deployment `d`'s systems as a number in `s.systemSets` (added when new): those of the (current
 * versions of the) changes it carried, in the order first carried. `listMark` is per system list,
 * shared by the calls of one pass.
 */
function systemsOf(t: FactTable, s: FactSummary, sets: Map<string, number>, listMark: Uint32Array, d: number, next: ReadonlyMap<number, number>, records?: Int32Array, sys?: Uint32Array): number {
  const systems = new Set<string>();
  for (let r = t.dRecStart.at(d), end = r + t.dRecCount.at(d); r < end; r++) {
    const c = resolve(next, t.changeOf(records ? records[r] : t.records.at(r)));
    if (c < 0) continue;
    const l = sys ? sys[c] : t.cSys.at(c);
    if (listMark[l] === d + 1) continue;
    listMark[l] = d + 1;
    for (const name of t.systems.list[l]) systems.add(name);
  }
  const names = [...systems];
  const key = names.join('\n');
  let i = sets.get(key);
  if (i === undefined) {
    i = s.systemSets.length;
    s.systemSets.push(names);
    sets.set(key, i);
  }
  return i;
}

/** The current version of change row `m` (following amendments; -1 stays -1). */
/**
 * Whether amendment row `n` wins over `held` for the row both name: the later id (ids are ULIDs,
 * made in time order), then the later row. Not simply the row read last: a board of two logs reads
 * their rows in another order when built afresh than when rebuilt after appends.
 */
function laterAmendment(t: FactTable, n: number, held: number): boolean {
  const a = t.idAt(t.cSlot.at(n));
  const b = t.idAt(t.cSlot.at(held));
  return a !== b ? a > b : n > held;
}

export function resolve(next: ReadonlyMap<number, number>, m: number): number {
  if (m < 0 || !next.has(m)) return m;
  const seen = new Set<number>();
  let at = m;
  while (next.has(at) && !seen.has(at)) {
    seen.add(at);
    at = next.get(at) as number;
  }
  return at;
}
