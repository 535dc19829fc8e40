import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';
import { askEvery, mergeById } from '../records/everyLog';
import type { MetricsInput } from './keyMetrics';

const DAY = 86_400_000;
/**
 * How long after a period an entry still decides the outcome of one of its deployments: a
 * deployment of a change reverting one of its commits. (A rollback naming it is found by the index
 * however late it was recorded, and an incident naming it whenever it was opened: incidents are
 * few and all are read.) The next deployment to the same environment, which restores a failed
 * one, is found however late it came.
 */
export const OUTCOME_LOOKAHEAD_MS = 31 * DAY;
// Ids per `carries` question: the index confirms each candidate against the whole list.
const CARRIES_BATCH = 200;
// Amendments of amendments are rare; a chain longer than this is left where it is.
const CHAIN_DEPTH = 20;

/**
 * What keyMetrics needs for `period` in `environments`, asked of the indexes instead of read whole
 * (a big log is tens of seconds and gigabytes to parse): the deployments from the period's start
 * to OUTCOME_LOOKAHEAD_MS after its end and the first one after that, the rollbacks naming the
 * period's deployments whenever they came, the change records they
 * carry with their amendments, the earlier deployments that carried those changes first (lead time
 * counts a change at its first deployment), the changes made in the period, and every incident.
 * keyMetrics over this answers as over every entry of the logs for this period and these environments.
 */
export async function metricsInputFromIndexes(
  indexes: readonly ChangeLogIndex[],
  period: { readonly start: number; readonly end: number },
  environments: readonly string[],
  options: { readonly leadTimes?: boolean } = {},
): Promise<Pick<MetricsInput, 'deployments' | 'changes' | 'incidents'>> {
  const horizon = period.end + OUTCOME_LOOKAHEAD_MS;
  const envs = [...new Set(environments.map((e) => e.trim().toLowerCase()))];
  const deployment = 'changetrail/deployment' as const;
  const window = (await askEvery(indexes, async (index) => {
    const out: LogEntry[] = [];
    for (const environment of envs) out.push(...(await index.query({ schema: deployment, environment, since: period.start, until: horizon, currentOnly: false, order: 'oldest' })));
    return out;
  })) as DeploymentRecord[];
  const following = (await askEvery(indexes, async (index) => {
    const out: LogEntry[] = [];
    for (const environment of envs) out.push(...(await index.query({ schema: deployment, environment, since: horizon, currentOnly: false, order: 'oldest', limit: 1 })));
    return out;
  })) as DeploymentRecord[];
  const inPeriod = window.filter((d) => Date.parse(d.createdAt) < period.end);
  // The rollbacks naming a deployment of the period, by key: one recorded months later still counts.
  const rollbacks = inPeriod.length === 0 ? [] : ((await askEvery(indexes, (index) => index.query({ schema: deployment, rollsBack: inPeriod.map((d) => d.id), currentOnly: false }))) as DeploymentRecord[]);

  const carriedIds = [...new Set(window.flatMap((d) => d.records))];
  const carried = await changesById(indexes, carriedIds);
  const made = (await askEvery(indexes, async (index) => [
    ...(await index.query({ schema: 'changetrail/change', since: period.start, until: period.end })),
    // A manual change counts when it was made (changedAt), which may lie far from when it was written.
    ...(await index.query({ schema: 'changetrail/change', origin: 'manual' })),
  ])) as ChangeRecord[];
  // The current version of what the period's deployments carried (an amendment names the same
  // commits), and of a record of the period carried later whose amendment is not among `made`.
  const periodIds = new Set(inPeriod.flatMap((d) => d.records));
  const current = new Set(made.map((c) => c.id));
  const madeInPeriod = (c: ChangeRecord) => {
    const at = Date.parse(c.changedAt ?? c.createdAt);
    return at >= period.start && at < period.end;
  };
  const amended = carried.filter((c) => periodIds.has(c.id) || (madeInPeriod(c) && !current.has(c.id)));
  const shas = [...new Set(amended.flatMap((c) => c.commits.map((k) => k.sha)))];
  const naming = shas.length > 0 ? await askEvery(indexes, (index) => index.recordsForCommits(shas)) : [];
  const changes = new Map<string, ChangeRecord>([...carried, ...naming].map((c) => [c.id, c]));
  // An amendment that names other commits (or a record with none) is not found by its commits: each
  // log's index follows `supersedes` forward to the current version; addChains fills in the versions between.
  if (amended.length > 0) for (const c of await changesById(indexes, amended.map((a) => a.id), true)) changes.set(c.id, c);
  await addChains(indexes, changes);

  let earlier: DeploymentRecord[] = [];
  if (options.leadTimes !== false && inPeriod.length > 0) {
    const ids = chainIdsOf(changes, [...periodIds]);
    earlier = (await askEvery(indexes, async (index) => {
      const out: LogEntry[] = [];
      for (const environment of envs) {
        for (let at = 0; at < ids.length; at += CARRIES_BATCH) {
          out.push(...(await index.query({ schema: deployment, environment, carries: ids.slice(at, at + CARRIES_BATCH), until: period.start, currentOnly: false })));
        }
      }
      return out;
    })) as DeploymentRecord[];
  }

  const incidents = await askEvery(indexes, (index) => index.query({ schema: 'changetrail/incident', currentOnly: false, order: 'oldest' }));
  return {
    deployments: mergeById([window, following, earlier, rollbacks]),
    changes: mergeById([[...changes.values()], made]),
    incidents: incidents as IncidentRecord[],
  };
}

/** The change records with these ids in any log (with `current`, each as amended since). */
async function changesById(indexes: readonly ChangeLogIndex[], ids: readonly string[], current = false): Promise<ChangeRecord[]> {
  if (ids.length === 0) return [];
  return askEvery(indexes, async (index) => (await index.getMany(ids, { current })).filter((e): e is ChangeRecord => e?.schema === 'changetrail/change'));
}

/** Adds the records each amendment in `changes` supersedes, down its chain, so every id there resolves to its current version. */
async function addChains(indexes: readonly ChangeLogIndex[], changes: Map<string, ChangeRecord>): Promise<void> {
  for (let depth = 0; depth < CHAIN_DEPTH; depth++) {
    const missing = [...new Set([...changes.values()].flatMap((c) => (c.supersedes && !changes.has(c.supersedes) ? [c.supersedes] : [])))];
    if (missing.length === 0) return;
    const found = await changesById(indexes, missing);
    if (found.length === 0) return;
    for (const c of found) changes.set(c.id, c);
  }
}

/** Every id of the chains (original, amendments) the records `ids` belong to, as far as `changes` holds them. */
function chainIdsOf(changes: ReadonlyMap<string, ChangeRecord>, ids: readonly string[]): string[] {
  const next = new Map<string, string[]>();
  for (const c of changes.values()) if (c.supersedes) next.set(c.supersedes, [...(next.get(c.supersedes) ?? []), c.id]);
  const out = new Set<string>();
  const todo = [...ids];
  while (todo.length > 0) {
    const id = todo.pop() as string;
    if (out.has(id)) continue;
    out.add(id);
    const back = changes.get(id)?.supersedes;
    if (back) todo.push(back);
    todo.push(...(next.get(id) ?? []));
  }
  return [...out];
}
