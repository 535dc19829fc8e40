import type { ChangeRecord, DeploymentRecord, LogEntry } from '../records/changeRecord';
import type { RangeCommit } from './rangeLog';
import { isoMs, orderableTime } from '../records/index/entryKeys';
import { supersedesEffectively } from '../records/index/incidentStates';

/** A change record and the commits of a range it covers. */
export interface RecordMatch {
  readonly record: ChangeRecord;
  readonly commits: readonly string[];
  /** `commit`: one of its commits is in the range; `ticket`: only a ticket (and branch) tie them (after a rebase or squash). */
  readonly matchedBy: 'commit' | 'ticket';
}

/** Which records a range's commits belong to, and which commits belong to none. */
export interface RecordMatches {
  readonly matches: readonly RecordMatch[];
  /** Non-merge commits no record covers; merges are left out because their content is listed. */
  readonly unrecorded: readonly RangeCommit[];
}

/** Change records not amended by a later one: an amendment names the record it replaces in `supersedes`. */
export function currentRecords(entries: readonly LogEntry[]): ChangeRecord[] {
  const records = entries.filter((e): e is ChangeRecord => e.schema === 'changetrail/change');
  const copies = new Map<string, ChangeRecord[]>();
  for (const r of records) {
    const list = copies.get(r.id);
    if (list) list.push(r);
    else copies.set(r.id, [r]);
  }
  const first = new Map([...copies].map(([id, list]) => [id, list[0]]));
  // As the index decides it: a record naming itself, or a hand-edited cycle, leaves one current.
  const superseded = new Set<ChangeRecord>();
  for (const r of records) {
    const older = r.supersedes === undefined ? undefined : first.get(r.supersedes);
    if (!older) continue;
    for (const x of copies.get(older.id) ?? []) if (supersedesEffectively(r, x, (id) => (id === x.id ? x : first.get(id)))) superseded.add(x);
  }
  return records.filter((r) => !superseded.has(r));
}

/**
 * The order in which records are preferred for a range's commit: this environment's records, then
 * newer ones (by the time createdAt names, not its characters: "+02:00" and "Z" times compare as
 * instants), then by id (each record's environment and time worked out once, not per comparison).
 * The index's bestForCommits keeps only the best record naming each commit by this order, so both
 * must agree (a property test holds them).
 */
export function recordRank(records: readonly ChangeRecord[], environment: string): (a: ChangeRecord, b: ChangeRecord) => number {
  const env = environment.trim().toLowerCase();
  const elsewhere = new Set(records.filter((r) => r.environment.trim().toLowerCase() !== env));
  const times = new Map(records.map((r) => [r, rankTime(r.createdAt)]));
  const time = (r: ChangeRecord) => times.get(r) ?? rankTime(r.createdAt);
  return (a, b) => Number(elsewhere.has(a)) - Number(elsewhere.has(b)) || byTime(time(b), time(a)) || byCodeUnits(b.id, a.id);
}

function rankTime(createdAt: string): number {
  return orderableTime(isoMs(createdAt));
}

function byTime(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Matches the range's commits to change records: by commit sha first; a commit no sha matches
 * goes to a record that shares a ticket, preferring one whose branch this range merges, then one
 * for this environment, then the newest. Records already shipped to the environment by an earlier
 * deployment record never match by ticket alone: the ticket is being worked on again.
 */
export function matchRecords(commits: readonly RangeCommit[], entries: readonly LogEntry[], environment: string): RecordMatches {
  const env = environment.trim().toLowerCase();
  const records = currentRecords(entries);
  // Asked only for a commit that falls to ticket matching (a deployment may name hundreds of records).
  let shippedIds: Set<string> | undefined;
  const shipped = (id: string) =>
    (shippedIds ??= new Set(
      entries
        .filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.environment.trim().toLowerCase() === env)
        .flatMap((d) => d.records),
    )).has(id);
  const mergedBranches = new Set(commits.flatMap((c) => (c.mergedBranch ? [c.mergedBranch] : [])));
  const ordered = [...records].sort(recordRank(records, environment));
  const found = new Map<string, { record: ChangeRecord; commits: string[]; byCommit: boolean }>();
  const take = (record: ChangeRecord, sha: string, byCommit: boolean) => {
    const match = found.get(record.id) ?? { record, commits: [], byCommit: false };
    if (!match.commits.includes(sha)) match.commits.push(sha);
    match.byCommit ||= byCommit;
    found.set(record.id, match);
  };
  // Looked up by key, not searched per commit: a range of hundreds of commits over thousands of records stays linear.
  const byHead = new Map<string, ChangeRecord[]>();
  const byTicket = new Map<string, number[]>();
  const byBranch = new Map<string, ChangeRecord>();
  ordered.forEach((r, rank) => {
    for (const c of r.commits) push(byHead, c.sha.slice(0, 7).toLowerCase(), r);
    for (const t of r.tickets.length > 1 ? new Set(r.tickets) : r.tickets) push(byTicket, t, rank);
    if (r.branch !== undefined && !byBranch.has(r.branch)) byBranch.set(r.branch, r);
  });
  const unrecorded: RangeCommit[] = [];
  for (const commit of commits) {
    const bySha = byHead.get(commit.sha.slice(0, 7).toLowerCase())?.find((r) => r.commits.some((c) => sameCommit(c.sha, commit.sha)));
    if (bySha) {
      take(bySha, commit.sha, true);
      continue;
    }
    if (commit.merge) {
      const byMergedBranch = commit.mergedBranch ? byBranch.get(commit.mergedBranch) : undefined;
      if (byMergedBranch) take(byMergedBranch, commit.sha, false);
      continue;
    }
    const ranks = [...new Set(commit.tickets.flatMap((t) => byTicket.get(t) ?? []))].sort((a, b) => a - b);
    const sharing = ranks.map((rank) => ordered[rank]).filter((r) => !shipped(r.id));
    const chosen = sharing.find((r) => r.branch !== undefined && mergedBranches.has(r.branch)) ?? sharing[0];
    if (chosen) take(chosen, commit.sha, false);
    else unrecorded.push(commit);
  }
  const matches = [...found.values()]
    .map(({ record, commits: shas, byCommit }) => ({ record, commits: shas, matchedBy: byCommit ? ('commit' as const) : ('ticket' as const) }))
    // Oldest change first: a note reads in the order things were done.
    .sort((a, b) => byCodeUnits(a.record.createdAt, b.record.createdAt) || byCodeUnits(a.record.id, b.record.id));
  return { matches, unrecorded };
}

// ISO times and ULIDs sort by their characters; localeCompare (a collator per call) was most of a note's matching time.
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== value) list.push(value);
  } else map.set(key, [value]);
}

/** Whether two shas name the same commit; records may hold abbreviated ones (7+ hex digits). */
function sameCommit(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x.length >= 7 && y.length >= 7 && (x.startsWith(y) || y.startsWith(x));
}
