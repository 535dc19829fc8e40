import { createHash } from 'node:crypto';
import { type DeploymentOutcome, type FailureReason, latestIncidents } from '../metrics/deploymentOutcomes';
import type { PreparedMetrics } from '../metrics/keyMetrics';
import { type Period, periodOf } from '../metrics/periods';
import type { ChangeRecord, DeploymentRecord } from '../records/changeRecord';
import type { ChangeCounts, MetricsSource } from './boardIndex';
import { FREEZE_OVERRIDE, type FactTable, ID_CHANGE, NO_PLAN, ROLLBACK } from './factTable';

// The metrics input and the month decorations from the facts table, with the rules of
// deploymentOutcomes / prepareMetrics (src/core/metrics) applied to columns instead of records.
// A unit test holds the two to the same answers (buildBoardSite against buildBoard).

const DIGEST = 'changetrail-digest';
const OVERRIDDEN = Object.freeze({ reason: 'override', by: Object.freeze({ name: '', email: '' }) });

/** What a board takes from its facts: the metrics source, and per month its counts and what its document depends on. */
export interface FactDerived {
  readonly source: MetricsSource;
  /** Ids that an amendment supersedes (left out of the month documents). */
  readonly superseded: ReadonlySet<string>;
  /** The current (amended) id of a record id. */
  currentId(id: string): string;
  readonly failures: ReadonlyMap<string, readonly FailureReason[]>;
  readonly months: ReadonlyMap<string, { changes: number; deployments: number }>;
  /** Per month, a digest of what its document takes from entries of any month. */
  readonly digests: ReadonlyMap<string, string>;
}

/** Derives everything the index and the month decorations need from the table. `periods`: the metrics' periods. */
export function deriveFromFacts(t: FactTable, options: { commitTimes?: ReadonlyMap<string, number>; now: number; periods: readonly Period[]; timeZone: string }): FactDerived {
  const C = t.cCount;
  const superseded = new Set<string>();
  const isSuperseded = new Uint8Array(C);
  const next = new Int32Array(C).fill(-1);
  for (const [n, id] of t.supersedes) {
    superseded.add(id);
    const slot = t.ids.find(id);
    if (slot >= 0 && t.ids.kindAt(slot) === ID_CHANGE) {
      isSuperseded[t.ids.numAt(slot)] = 1;
      next[t.ids.numAt(slot)] = n;
    }
  }
  const resolve = (m: number): number => {
    if (m < 0 || next[m] < 0) return m;
    const seen = new Set<number>();
    let at = m;
    while (next[at] >= 0 && !seen.has(at)) {
      seen.add(at);
      at = next[at];
    }
    return at;
  };
  const changeId = (n: number) => t.idAt(t.cSlot[n]);
  const currentId = (id: string): string => {
    if (!superseded.has(id)) return id;
    const slot = t.ids.find(id);
    return slot >= 0 && t.ids.kindAt(slot) === ID_CHANGE ? changeId(resolve(t.ids.numAt(slot))) : id;
  };
  const incidents = latestIncidents(t.incidents);
  const deploymentId = (d: number) => t.idAt(t.dSlot[d]);
  const carriedOf = (d: number): number[] => {
    const out: number[] = [];
    for (let r = t.dRecStart[d], end = r + t.dRecCount[d]; r < end; r++) {
      const record = t.records[r];
      const named = record >= 0 ? record : t.changeOf(record);
      if (named >= 0) out.push(next[named] < 0 ? named : resolve(named));
    }
    return out;
  };

  // Outcomes, as deploymentOutcomes: oldest first, the digest carrier left out.
  const sorted = [...Array(t.dCount).keys()].filter((d) => t.envs.list[t.dEnv[d]] !== DIGEST).sort((a, b) => t.dAt[a] - t.dAt[b]);
  const rolledBack = new Set<string>();
  for (const d of sorted) if (t.dFlags[d] & ROLLBACK && t.rollsBack.has(d)) rolledBack.add(t.rollsBack.get(d) as string);
  const causedByDeployment = new Set(incidents.flatMap((i) => (i.cause?.deployment ? [i.cause.deployment] : [])));
  // A change is blamed in any of its versions: causes and carried records compared by first version (as changeRoots).
  const firstVersion = (id: string): string => {
    const seen = new Set<string>();
    for (let at = id; ; ) {
      const slot = t.ids.find(at);
      const before = slot >= 0 && t.ids.kindAt(slot) === ID_CHANGE ? t.supersedes.get(t.ids.numAt(slot)) : undefined;
      if (before === undefined || seen.has(at)) return at;
      seen.add(at);
      at = before;
    }
  };
  const causedByChange = new Set(incidents.flatMap((i) => (i.cause?.change ? [firstVersion(i.cause.change)] : [])));
  const reverts: { env: number; at: number; subject: number }[] = [];
  if (t.reverts.size > 0) {
    for (const d of sorted) for (const c of carriedOf(d)) for (const subject of t.reverts.get(c) ?? []) reverts.push({ env: t.dEnv[d], at: t.dAt[d], subject });
  }
  const nextAt: (number | undefined)[] = new Array(sorted.length);
  const following = new Map<number, number>();
  for (let i = sorted.length - 1; i >= 0; i--) {
    nextAt[i] = following.get(t.dEnv[sorted[i]]);
    following.set(t.dEnv[sorted[i]], t.dAt[sorted[i]]);
  }
  const failures = new Map<string, FailureReason[]>();
  const listMark = new Uint32Array(t.systems.list.length);
  const outcomes: DeploymentOutcome[] = sorted.map((d, i) => {
    const id = deploymentId(d);
    const at = t.dAt[d];
    const carried = carriedOf(d);
    const failed: FailureReason[] = [];
    if (rolledBack.has(id)) failed.push('rolled back');
    if (causedByDeployment.has(id) || (causedByChange.size > 0 && causedBy(t, d, firstVersion, causedByChange))) failed.push('caused an incident');
    const later = reverts.filter((r) => r.env === t.dEnv[d] && r.at > at);
    if (later.length > 0 && carriesSubject(t, carried, new Set(later.map((r) => r.subject)))) failed.push('reverted');
    failures.set(id, failed);
    // Systems in the order first carried: lists marked per deployment, names deduplicated after.
    const systems = new Set<string>();
    for (const c of carried) {
      const l = t.cSys[c];
      if (listMark[l] === d + 1) continue;
      listMark[l] = d + 1;
      for (const name of t.systems.list[l]) systems.add(name);
    }
    const deployment = { id, createdAt: new Date(at).toISOString(), environment: t.envs.list[t.dEnv[d]], ...(t.dFlags[d] & FREEZE_OVERRIDE ? { freezeOverride: OVERRIDDEN } : {}) } as unknown as DeploymentRecord;
    return { deployment, at, environment: t.envs.list[t.dEnv[d]], isRollback: (t.dFlags[d] & ROLLBACK) !== 0, failures: failed, restoredAt: failed.length > 0 ? nextAt[i] : undefined, systems: [...systems] };
  });

  const windowStart = Math.min(...options.periods.map((p) => p.start));
  const prepared: PreparedMetrics = {
    input: { deployments: [], changes: [], incidents, commitTimes: options.commitTimes, now: options.now },
    outcomes,
    incidents,
    current: [],
    leads: leadTimes(t, resolve, deploymentId, options.commitTimes, windowStart),
    resolve: new Map<string, ChangeRecord>(),
  };

  // Environments and systems seen, months and their digests: counted by number, named at the end.
  const envSeen = new Set<number>();
  for (let d = 0; d < t.dCount; d++) envSeen.add(t.dEnv[d]);
  const envOfChange = new Uint8Array(t.envs.list.length);
  const sysSeen = new Uint8Array(t.systems.list.length);
  const changesOfMonth = new Float64Array(t.months.list.length);
  const months = new Map<string, { changes: number; deployments: number }>();
  const count = (key: string) => months.get(key) ?? (months.set(key, { changes: 0, deployments: 0 }).get(key) as { changes: number; deployments: number });
  const notes = new Map<string, ReturnType<typeof createHash>>();
  const note = (key: string, text: string) => (notes.get(key) ?? (notes.set(key, createHash('sha256')).get(key) as ReturnType<typeof createHash>)).update(`${text}\n`);
  const envOrder: number[] = [];
  for (let n = 0; n < C; n++) {
    if (isSuperseded[n]) {
      note(t.months.list[t.cMonth[n]], `amended ${changeId(n)}`);
      continue;
    }
    const env = t.cEnv[n];
    if (!envOfChange[env]) {
      envOfChange[env] = 1;
      envOrder.push(env);
    }
    sysSeen[t.cSys[n]] = 1;
    changesOfMonth[t.cMonth[n]]++;
  }
  for (const env of envOrder) envSeen.add(env);
  // Months in the order their first change was added, as a whole-log build meets them.
  t.months.list.forEach((key, i) => {
    if (changesOfMonth[i] > 0) count(key).changes = changesOfMonth[i];
  });
  for (let d = 0; d < t.dCount; d++) {
    const month = periodOf(t.dAt[d], 'month', options.timeZone).key;
    count(month).deployments++;
    const failed = failures.get(deploymentId(d)) ?? [];
    if (failed.length > 0) note(month, `failed ${deploymentId(d)} ${failed.join(',')}`);
    if (superseded.size === 0) continue;
    for (let r = t.dRecStart[d], end = r + t.dRecCount[d]; r < end; r++) {
      const c = t.changeOf(t.records[r]);
      if (c >= 0 && next[c] >= 0 && resolve(c) !== c) note(month, `carries ${deploymentId(d)} ${changeId(c)} as ${changeId(resolve(c))}`);
    }
  }
  const digests = new Map([...notes].map(([k, h]) => [k, h.digest('hex')]));
  const source: MetricsSource = {
    prepared,
    environmentsSeen: [...envSeen].map((e) => t.envs.list[e]),
    systemsSeen: t.systems.list.filter((_, l) => sysSeen[l] === 1).flat(),
    changeCounts: changeCounter(t, isSuperseded, options.periods),
  };
  return { source, superseded, currentId, failures, months, digests };
}

function causedBy(t: FactTable, d: number, firstVersion: (id: string) => string, causes: ReadonlySet<string>): boolean {
  for (let r = t.dRecStart[d], end = r + t.dRecCount[d]; r < end; r++) if (causes.has(firstVersion(t.recordId(t.records[r])))) return true;
  return false;
}

function carriesSubject(t: FactTable, carried: readonly number[], subjects: ReadonlySet<number>): boolean {
  for (const c of carried) {
    for (let k = t.cCommitStart[c], end = k + t.cCommitCount[c]; k < end; k++) if (subjects.has(t.subjectAt(k))) return true;
  }
  return false;
}

/** As leadTimes in keyMetrics: each change at its first deployment to each environment, from its first commit; samples only from `windowStart` on. */
function leadTimes(t: FactTable, resolve: (n: number) => number, deploymentId: (d: number) => string, commitTimes: ReadonlyMap<string, number> | undefined, windowStart: number): PreparedMetrics['leads'] {
  if (!commitTimes || commitTimes.size === 0) return [];
  const order = [...Array(t.dCount).keys()].filter((d) => !(t.dFlags[d] & ROLLBACK)).sort((a, b) => t.dAt[a] - t.dAt[b]);
  const seen = new Map<number, Uint8Array>();
  const out: { env: string; deploymentId: string; ms: number }[] = [];
  for (const d of order) {
    const env = t.dEnv[d];
    let mine = seen.get(env);
    if (!mine) seen.set(env, (mine = new Uint8Array(t.cCount)));
    for (let r = t.dRecStart[d], end = r + t.dRecCount[d]; r < end; r++) {
      const c = resolve(t.changeOf(t.records[r]));
      if (c < 0 || mine[c]) continue;
      mine[c] = 1;
      if (t.dAt[d] < windowStart) continue;
      let first = Infinity;
      for (const sha of t.shasOf(c)) {
        const time = commitTimes.get(sha);
        if (time !== undefined && time < first) first = time;
      }
      if (first !== Infinity) out.push({ env: t.envs.list[env], deploymentId: deploymentId(d), ms: Math.max(0, t.dAt[d] - first) });
    }
  }
  return out;
}

/** Counts of current changes per period, environment and system (lower case), in one pass over the table. */
function changeCounter(t: FactTable, isSuperseded: Uint8Array, periods: readonly Period[]): (period: Period, environment: string, system: string | undefined) => ChangeCounts {
  const lower = new Map<string, number>();
  const lowerOf = t.systems.list.map((names) => [...new Set(names.map((n) => n.toLowerCase()))].map((n) => lower.get(n) ?? (lower.set(n, lower.size + 1).get(n) as number)));
  const width = lower.size + 1;
  const E = t.envs.list.length;
  const counts = new Float64Array(periods.length * E * width * 3);
  const withAll = lowerOf.map((l) => [0, ...l]);
  // Per kind, the periods by start: a change finds its week and its month by binary search.
  const kinds = (['week', 'month'] as const).map((kind) => periods.map((p, i) => ({ p, i })).filter(({ p }) => p.kind === kind).sort((a, b) => a.p.start - b.p.start));
  const first = Math.min(...periods.map((p) => p.start));
  const last = Math.max(...periods.map((p) => p.end));
  for (let n = 0; n < t.cCount; n++) {
    const at = t.cAt[n];
    if (at < first || at >= last || isSuperseded[n]) continue;
    for (const list of kinds) {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].p.end <= at) lo = mid + 1;
        else hi = mid;
      }
      const hit = list[lo];
      if (!hit || at < hit.p.start) continue;
      const base = (hit.i * E + t.cEnv[n]) * width;
      const flags = t.cFlags[n];
      for (const s of withAll[t.cSys[n]]) {
        const at3 = (base + s) * 3;
        counts[at3]++;
        if (flags & NO_PLAN) counts[at3 + 1]++;
        if (flags & FREEZE_OVERRIDE) counts[at3 + 2]++;
      }
    }
  }
  const index = new Map(periods.map((p, i) => [`${p.kind} ${p.key}`, i]));
  const envIndex = new Map(t.envs.list.map((e, i) => [e, i]));
  return (period, environment, system) => {
    const p = index.get(`${period.kind} ${period.key}`);
    const e = envIndex.get(environment.trim().toLowerCase());
    const s = system === undefined ? 0 : lower.get(system.trim().toLowerCase());
    if (p === undefined || e === undefined || s === undefined) return { changes: 0, withoutRollbackPlan: 0, freezeOverrides: 0 };
    const at3 = ((p * E + e) * width + s) * 3;
    return { changes: counts[at3], withoutRollbackPlan: counts[at3 + 1], freezeOverrides: counts[at3 + 2] };
  };
}
