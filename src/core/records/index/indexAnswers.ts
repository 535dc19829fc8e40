import type { RangeCommit } from '../../notes/rangeLog';
import { type DeploymentRange, type DeploymentRangeOptions, deploymentRange } from '../../notes/deploymentRange';
import type { ChangeRecord, DeploymentRecord, LogEntry } from '../changeRecord';
import type { ChangeLogIndex } from './changeLogIndex';
import { isDeploymentOverride } from '../manualChange';

// deploymentRange walks back past deployed commits a force push removed; this many is plenty.
const DEPLOYMENT_CANDIDATES = 20;

/**
 * The newest deployment record of each environment, named as configured (the index compares
 * environments trimmed and case-insensitively): what deployedHeads needs, without the rest of the log.
 */
export async function latestDeployments(index: ChangeLogIndex, environments: readonly string[]): Promise<DeploymentRecord[]> {
  const found = await Promise.all(environments.map((environment) => index.query({ schema: 'changetrail/deployment', environment, limit: 1 })));
  return found.flatMap((list, i) => list.map((d) => ({ ...(d as DeploymentRecord), environment: environments[i] })));
}

// Answers of recordsByCommit per index, while its version() stays the same: File History asks the
// same page's commits on every switch back to a file, and a hover the same line's. Kept as they are
// being read, so a page's commits asked while git still lists them (as they arrive) are not asked
// again when the page is complete.
const newestBySha = new WeakMap<ChangeLogIndex, { version: number; bySha: Map<string, Promise<ChangeRecord | null>> }>();
const NEWEST_KEPT = 8192;

/** For each of `shas`, the newest current change record that names it (records may hold abbreviated shas). */
export async function recordsByCommit(index: ChangeLogIndex, shas: readonly string[]): Promise<Map<string, ChangeRecord>> {
  await index.refresh();
  const version = index.version?.();
  if (version === undefined) return newestNaming(index, shas);
  let kept = newestBySha.get(index);
  if (!kept || kept.version !== version || kept.bySha.size > NEWEST_KEPT) newestBySha.set(index, (kept = { version, bySha: new Map() }));
  const { bySha } = kept;
  const missing = [...new Set(shas.filter((sha) => !bySha.has(sha)))];
  if (missing.length > 0) {
    const found = newestNaming(index, missing);
    for (const sha of missing) {
      const answer = found.then((map) => map.get(sha) ?? null);
      bySha.set(sha, answer);
      // A failed read is not kept: the next question asks again.
      answer.catch(() => bySha.get(sha) === answer && bySha.delete(sha));
    }
  }
  const records = await Promise.all(shas.map((sha) => bySha.get(sha)));
  const out = new Map<string, ChangeRecord>();
  shas.forEach((sha, i) => {
    const record = records[i];
    if (record) out.set(sha, record);
  });
  return out;
}

async function newestNaming(index: ChangeLogIndex, shas: readonly string[]): Promise<Map<string, ChangeRecord>> {
  // The newest by createdAt, then the later line: as the whole log read newest first would give it.
  return index.bestForCommits(shas, { ties: 'line' });
}

/** The newest deployment records of one environment, for deploymentRange's start. */
export async function deploymentCandidates(index: ChangeLogIndex, environment: string): Promise<DeploymentRecord[]> {
  return (await index.query({ schema: 'changetrail/deployment', environment, limit: DEPLOYMENT_CANDIDATES })) as DeploymentRecord[];
}

/**
 * Every entry matchRecords could use for these commits, and no other: for each commit the record
 * matchRecords takes for it by sha (the best naming it, by recordRank: a range over a log where many
 * records name each commit keeps one each), the records of a merged branch, those sharing a ticket
 * with a commit no record names, and the deployments of `environment` that shipped any record such a
 * commit could take by its ticket.
 * matchRecords over this answers as it does over the whole log (a property test holds them).
 */
export async function entriesForRange(index: ChangeLogIndex, commits: readonly RangeCommit[], environment: string): Promise<LogEntry[]> {
  const best = await index.bestForCommits(commits.map((c) => c.sha), { environment, ties: 'id' });
  const branches = new Set(commits.flatMap((c) => (c.merge && c.mergedBranch ? [c.mergedBranch] : [])));
  const tickets = new Set(commits.filter((c) => !c.merge && !best.has(c.sha)).flatMap((c) => c.tickets));
  const records = new Map<string, ChangeRecord>([...best.values()].map((r) => [r.id, r]));
  // Asked together (one after another, each waited on its reads), and taken in the order asked.
  const found = await Promise.all([
    ...[...branches].map((branch) => index.recordsOfBranch(branch)),
    ...[...tickets].map((ticket) => index.query({ schema: 'changetrail/change', ticket }) as Promise<ChangeRecord[]>),
  ]);
  for (const list of found) for (const r of list) records.set(r.id, r);
  // matchRecords asks whether a record was shipped only of one a commit could take by ticket (a
  // commit no record names, sharing a ticket with it): only those records' deployments are read.
  // All of them were: some 100 deployments a note, for nothing when every commit has its record.
  const byTicket = [...records.values()].filter((r) => r.tickets.some((t) => tickets.has(t))).map((r) => r.id);
  const shipped = byTicket.length > 0 ? await index.query({ schema: 'changetrail/deployment', environment, carries: byTicket }) : [];
  return [...records.values(), ...shipped];
}

/**
 * deploymentRange, with entriesForRange of its commits started as soon as git has listed them
 * (while git still counts the range), so Record Deployment's note waits on git alone. `entries`
 * rejects as entriesForRange would; the caller decides what a failed lookup means.
 */
export async function deploymentRangeWithEntries(index: ChangeLogIndex, repoRoot: string, environment: string, ref: string, options: Omit<DeploymentRangeOptions, 'onCommits'>): Promise<{ range: DeploymentRange; entries: Promise<LogEntry[]> }> {
  let early: { commits: readonly RangeCommit[]; entries: Promise<LogEntry[]> } | undefined;
  const range = await deploymentRange(repoRoot, environment, ref, {
    ...options,
    onCommits: (commits) => {
      early = { commits, entries: entriesForRange(index, commits, environment) };
      // Seen by the caller when it is this range's; a lookup for a range given up is dropped.
      early.entries.catch(() => undefined);
    },
  });
  const entries = early && early.commits === range.commits ? early.entries : entriesForRange(index, range.commits, environment);
  return { range, entries };
}

// A deployment note of an environment with no recorded deployment lists the manual changes of this long ago.
const MANUAL_WINDOW_WITHOUT_DEPLOYMENT = 7 * 24 * 3_600_000;
// A manual change may be recorded after it was made (--at): look this far back by record time.
const MANUAL_RECORDED_LATE = 24 * 3_600_000;

/**
 * The changes made outside git (origin "manual") to `environment` after its previous deployment
 * (the newest of `deployments` at or before `now`; without one, the last 7 days) and up to `now`,
 * oldest first, by when they were made (changedAt, else createdAt).
 */
export async function manualChangesSinceDeployment(index: ChangeLogIndex, environment: string, deployments: readonly DeploymentRecord[], now: number): Promise<{ since: string; records: ChangeRecord[] }> {
  const previous = deployments.map((d) => Date.parse(d.createdAt)).filter((t) => t <= now).sort((a, b) => b - a)[0];
  const since = previous ?? now - MANUAL_WINDOW_WITHOUT_DEPLOYMENT;
  const found = (await index.query({ schema: 'changetrail/change', origin: 'manual', environment, since: since - MANUAL_RECORDED_LATE, until: now + 1 })) as ChangeRecord[];
  const made = (r: ChangeRecord) => Date.parse(r.changedAt ?? r.createdAt);
  // The gate's record of a freeze override is about this deployment, which the note states already.
  const records = found.filter((r) => r.origin === 'manual' && !isDeploymentOverride(r) && made(r) > since && made(r) <= now).sort((a, b) => made(a) - made(b) || a.id.localeCompare(b.id));
  return { since: new Date(since).toISOString(), records };
}
