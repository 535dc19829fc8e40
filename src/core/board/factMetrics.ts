import { createHash } from 'node:crypto';
import { type DeploymentOutcome, type FailureReason, latestIncidents } from '../metrics/deploymentOutcomes';
import type { PreparedMetrics } from '../metrics/keyMetrics';
import { type Period, periodOf } from '../metrics/periods';
import type { ChangeRecord, DeploymentRecord, IncidentRecord } from '../records/changeRecord';
import type { ChangeCounts, MetricsSource } from './boardIndex';
import { type FactSummary, resolve as resolveIn, summarize } from './factSummary';
import { FREEZE_OVERRIDE, type FactTable, ID_CHANGE, ROLLBACK } from './factTable';

// The metrics input and the month decorations from the facts table, with the rules of
// deploymentOutcomes / prepareMetrics (src/core/metrics) applied to columns instead of records.
// What they take from every change row comes from the table's summary (factSummary.ts), so a
// rebuild goes over its deployments and the new rows, not a million changes. Unit tests hold the
// answers to buildBoard's over the whole log, and a rebuild's to a fresh build's.

const DIGEST = 'changetrail-digest';
const OVERRIDDEN = Object.freeze({ reason: 'override', by: Object.freeze({ name: '', email: '' }) });

/** What a board takes from its facts: the metrics source, and per month its counts and what its document depends on. */
export interface FactDerived {
  readonly source: MetricsSource;
  /** Ids that an amendment supersedes (left out of the month documents). */
  readonly superseded: ReadonlySet<string>;
  /** Per month, the ids (sorted) of its changes that an amendment replaced. */
  readonly amended: ReadonlyMap<string, readonly string[]>;
  /** The current (amended) id of a record id. */
  currentId(id: string): string;
  readonly failures: ReadonlyMap<string, readonly FailureReason[]>;
  readonly months: ReadonlyMap<string, { changes: number; deployments: number }>;
  /** Per month, a digest of what its document takes from entries of any month. */
  readonly digests: ReadonlyMap<string, string>;
}

/** Derives everything the index and the month decorations need from the table. `periods`: the metrics' periods. */
export function deriveFromFacts(t: FactTable, options: { commitTimes?: ReadonlyMap<string, number>; now: number; periods: readonly Period[]; timeZone: string }): FactDerived {
  const summary = summarize(t, options.timeZone);
  const closers = new Set(summary.closers);
  // What amendments name, but a loop's latest record: it stays current (supersedesLoops.ts).
  const superseded = new Set([...t.supersedes].flatMap(([n, id]) => (closers.has(n) ? [] : [id])));
  const next = new Map(summary.next);
  const resolve = (m: number): number => resolveIn(next, m);
  const changeId = (n: number) => t.idAt(t.cSlot.at(n));
  const currentId = (id: string): string => {
    if (!superseded.has(id)) return id;
    const slot = t.ids.find(id);
    return slot >= 0 && t.ids.kindAt(slot) === ID_CHANGE ? changeId(resolve(t.ids.numAt(slot))) : id;
  };
  const incidents = latestIncidents(t.incidents);
  const carriedOf = (d: number): number[] => {
    const out: number[] = [];
    for (let r = t.dRecStart.at(d), end = r + t.dRecCount.at(d); r < end; r++) {
      const named = t.changeOf(t.records.at(r));
      if (named >= 0) out.push(resolve(named));
    }
    return out;
  };

  // Outcomes, as deploymentOutcomes: oldest first, the digest carrier left out.
  const dAt = t.dAt.all();
  const dEnv = t.dEnv.all();
  const dFlags = t.dFlags.all();
  const sorted = [...Array(t.dCount).keys()].filter((d) => t.envs.list[dEnv[d]] !== DIGEST).sort((a, b) => dAt[a] - dAt[b]);
  const rolledBack = new Set<string>();
  for (const d of sorted) if (dFlags[d] & ROLLBACK && t.rollsBack.has(d)) rolledBack.add(t.rollsBack.get(d) as string);
  const causedByDeployment = new Set(incidents.flatMap((i) => (i.cause?.deployment ? [i.cause.deployment] : [])));
  const blamed = blamedChanges(t, incidents, closers);
  const reverts: { env: number; at: number; subject: number }[] = [];
  if (t.reverts.size > 0) {
    for (const d of sorted) for (const c of carriedOf(d)) for (const subject of t.reverts.get(c) ?? []) reverts.push({ env: dEnv[d], at: dAt[d], subject });
  }
  const nextAt: (number | undefined)[] = new Array(sorted.length);
  const following = new Map<number, number>();
  for (let i = sorted.length - 1; i >= 0; i--) {
    nextAt[i] = following.get(dEnv[sorted[i]]);
    following.set(dEnv[sorted[i]], dAt[sorted[i]]);
  }
  const failures = new Map<string, FailureReason[]>();
  const outcomes: DeploymentOutcome[] = sorted.map((d, i) => {
    const id = t.deploymentId(d);
    const at = dAt[d];
    const failed: FailureReason[] = [];
    if (rolledBack.has(id)) failed.push('rolled back');
    if (causedByDeployment.has(id) || (blamed && blamed(d))) failed.push('caused an incident');
    const later = reverts.length > 0 ? reverts.filter((r) => r.env === dEnv[d] && r.at > at) : [];
    if (later.length > 0 && carriesSubject(t, carriedOf(d), new Set(later.map((r) => r.subject)))) failed.push('reverted');
    failures.set(id, failed);
    const deployment = { id, createdAt: new Date(at).toISOString(), environment: t.envs.list[dEnv[d]], ...(dFlags[d] & FREEZE_OVERRIDE ? { freezeOverride: OVERRIDDEN } : {}) } as unknown as DeploymentRecord;
    return { deployment, at, environment: t.envs.list[dEnv[d]], isRollback: (dFlags[d] & ROLLBACK) !== 0, failures: failed, restoredAt: failed.length > 0 ? nextAt[i] : undefined, systems: summary.systemSets[summary.deploymentSystems[d]] };
  });

  const windowStart = Math.min(...options.periods.map((p) => p.start));
  const prepared: PreparedMetrics = {
    input: { deployments: [], changes: [], incidents, commitTimes: options.commitTimes, now: options.now },
    outcomes,
    incidents,
    current: [],
    leads: leadTimes(t, resolve, options.commitTimes, windowStart),
    resolve: new Map<string, ChangeRecord>(),
  };

  // Environments seen (the board orders them: boardIndex.ts), months and their digests.
  const envSeen = new Set<number>();
  for (let d = 0; d < t.dCount; d++) envSeen.add(dEnv[d]);
  summary.envs.forEach((changes, env) => changes > 0 && envSeen.add(env));
  const months = new Map<string, { changes: number; deployments: number }>();
  const count = (key: string) => months.get(key) ?? (months.set(key, { changes: 0, deployments: 0 }).get(key) as { changes: number; deployments: number });
  const notes = new Map<string, ReturnType<typeof createHash>>();
  const note = (key: string, text: string) => (notes.get(key) ?? (notes.set(key, createHash('sha256')).get(key) as ReturnType<typeof createHash>)).update(`${text}\n`);
  const amended = new Map<string, string[]>();
  for (const [, month, id] of summary.amended) {
    note(t.months.list[month], `amended ${id}`);
    const ids = amended.get(t.months.list[month]);
    if (ids) ids.push(id);
    else amended.set(t.months.list[month], [id]);
  }
  for (const ids of amended.values()) ids.sort();
  // Months in the order their first change was added, as a whole-log build meets them.
  t.months.list.forEach((key, i) => {
    if (summary.months[i] > 0) count(key).changes = summary.months[i];
  });
  // With amendments, every carried record is looked at: the record column in one array, replaced rows flagged.
  const records = next.size > 0 ? t.records.all() : undefined;
  const replaced = new Uint8Array(next.size > 0 ? t.cCount : 0);
  for (const m of next.keys()) replaced[m] = 1;
  for (let d = 0; d < t.dCount; d++) {
    const month = periodOf(dAt[d], 'month', options.timeZone).key;
    count(month).deployments++;
    const failed = failures.get(t.deploymentId(d)) ?? [];
    if (failed.length > 0) note(month, `failed ${t.deploymentId(d)} ${failed.join(',')}`);
    if (!records) continue;
    for (let r = t.dRecStart.at(d), end = r + t.dRecCount.at(d); r < end; r++) {
      const c = records[r] >= 0 ? records[r] : t.changeOf(records[r]);
      if (c >= 0 && replaced[c] && resolve(c) !== c) note(month, `carries ${t.deploymentId(d)} ${changeId(c)} as ${changeId(resolve(c))}`);
    }
  }
  const digests = new Map([...notes].map(([k, h]) => [k, h.digest('hex')]));
  const source: MetricsSource = {
    prepared,
    environmentsSeen: [...envSeen].map((e) => t.envs.list[e]),
    systemsSeen: t.systems.list.filter((_, l) => summary.lists[l] > 0).flat(),
    changeCounts: changeCounter(t, summary, options.periods),
  };
  return { source, superseded, amended, currentId, failures, months, digests };
}

/**
 * Whether deployment `d` carried a change an incident blames (in any of its versions: causes and
 * carried records compared by first version, as changeRoots), or undefined when no incident
 * blames a change. Only the amendments' versions are followed by id; every other change is its
 * own first version.
 */
function blamedChanges(t: FactTable, incidents: readonly IncidentRecord[], closers: ReadonlySet<number>): ((d: number) => boolean) | undefined {
  const firstVersion = (id: string): string => {
    const seen = new Set<string>();
    for (let at = id; ; ) {
      const slot = t.ids.find(at);
      const row = slot >= 0 && t.ids.kindAt(slot) === ID_CHANGE ? t.ids.numAt(slot) : -1;
      const before = row >= 0 && !closers.has(row) ? t.supersedes.get(row) : undefined;
      if (before === undefined || seen.has(at)) return at;
      seen.add(at);
      at = before;
    }
  };
  const causes = new Set(incidents.flatMap((i) => (i.cause?.change ? [firstVersion(i.cause.change)] : [])));
  if (causes.size === 0) return undefined;
  const rows = new Set<number>();
  for (const id of causes) {
    const slot = t.ids.find(id);
    if (slot >= 0 && t.ids.kindAt(slot) === ID_CHANGE && (!t.supersedes.has(t.ids.numAt(slot)) || closers.has(t.ids.numAt(slot)))) rows.add(t.ids.numAt(slot));
  }
  for (const n of t.supersedes.keys()) if (causes.has(firstVersion(t.idAt(t.cSlot.at(n))))) rows.add(n);
  return (d) => {
    for (let r = t.dRecStart.at(d), end = r + t.dRecCount.at(d); r < end; r++) {
      const record = t.records.at(r);
      if (record >= 0 ? rows.has(record) : causes.has(firstVersion(t.recordId(record)))) return true;
    }
    return false;
  };
}

function carriesSubject(t: FactTable, carried: readonly number[], subjects: ReadonlySet<number>): boolean {
  for (const c of carried) {
    for (let k = t.cCommitStart.at(c), end = k + t.cCommitCount.at(c); k < end; k++) if (subjects.has(t.subjectAt(k))) return true;
  }
  return false;
}

/** As leadTimes in keyMetrics: each change at its first deployment to each environment, from its first commit; samples only from `windowStart` on. */
function leadTimes(t: FactTable, resolve: (n: number) => number, commitTimes: ReadonlyMap<string, number> | undefined, windowStart: number): PreparedMetrics['leads'] {
  if (!commitTimes || commitTimes.size === 0) return [];
  const order = [...Array(t.dCount).keys()].filter((d) => !(t.dFlags.at(d) & ROLLBACK)).sort((a, b) => t.dAt.at(a) - t.dAt.at(b));
  const seen = new Map<number, Uint8Array>();
  const out: { env: string; deploymentId: string; ms: number }[] = [];
  for (const d of order) {
    const env = t.dEnv.at(d);
    const at = t.dAt.at(d);
    let mine = seen.get(env);
    if (!mine) seen.set(env, (mine = new Uint8Array(t.cCount)));
    for (let r = t.dRecStart.at(d), end = r + t.dRecCount.at(d); r < end; r++) {
      const c = resolve(t.changeOf(t.records.at(r)));
      if (c < 0 || mine[c]) continue;
      mine[c] = 1;
      if (at < windowStart) continue;
      let first = Infinity;
      for (const sha of t.shasOf(c)) {
        const time = commitTimes.get(sha);
        if (time !== undefined && time < first) first = time;
      }
      if (first !== Infinity) out.push({ env: t.envs.list[env], deploymentId: t.deploymentId(d), ms: Math.max(0, at - first) });
    }
  }
  return out;
}

/** Counts of current changes per period, environment and system (lower case), from the summary's bins. */
function changeCounter(t: FactTable, summary: FactSummary, periods: readonly Period[]): (period: Period, environment: string, system: string | undefined) => ChangeCounts {
  const lower = new Map<string, number>();
  const lowerOf = t.systems.list.map((names) => [...new Set(names.map((n) => n.toLowerCase()))].map((n) => lower.get(n) ?? (lower.set(n, lower.size + 1).get(n) as number)));
  const width = lower.size + 1;
  const E = t.envs.list.length;
  const counts = new Float64Array(periods.length * E * width * 3);
  const withAll = lowerOf.map((l) => [0, ...l]);
  const index = new Map(periods.map((p, i) => [`${p.kind} ${p.key}`, i]));
  for (const [key, bin] of Object.entries(summary.bins)) {
    const [period, env, list] = key.split('|');
    const p = index.get(period);
    if (p === undefined) continue;
    const base = (p * E + Number(env)) * width;
    for (const s of withAll[Number(list)]) {
      const at3 = (base + s) * 3;
      counts[at3] += bin[0];
      counts[at3 + 1] += bin[1];
      counts[at3 + 2] += bin[2];
    }
  }
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
