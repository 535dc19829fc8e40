import type { TeamConfig } from '../config/teamConfigSchema';
import { UNSHALLOW_ADVICE, isShallowRepository } from '../git/rangeCompleteness';
import type { Logger } from '../log';
import type { ChangeRecord, DeploymentRecord } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';
import type { TicketSyntax } from '../tickets/ticketRefs';
import { type ItemConfig, changedItem } from './changedItem';
import { commitDeployments, tagDeployments } from './gitDeployments';
import { lastGoodDeployment } from './lastGoodDeployment';
import { rollbackStepFor } from './rollbackStep';
import { deploymentSuspicion, rankSuspects, scoreChange, scoreUnrecorded } from './suspects';
import type { ChangedDeployment, WhatChanged } from './whatChangedTypes';
import { compareInstants } from '../records/index/entryKeys';
import { readProblems } from '../records/index/readProblems';

/** What "what changed before T?" is asked with. */
export interface WhatChangedQuery {
  readonly environment: string;
  /** The system that broke: changes that touched it rank first (nothing is left out). */
  readonly system?: string;
  /** T, epoch ms. */
  readonly at: number;
  /** How far back from T (ms); ignored with sinceLastGood. */
  readonly windowMs?: number;
  /** Start after the newest deployment before the latest one that was neither rolled back nor blamed for an incident. */
  readonly sinceLastGood?: boolean;
}

/** What the query reads besides the log: the team config and, for tags and bare commits, the repository. */
export interface WhatChangedSources {
  readonly index: ChangeLogIndex;
  readonly config: ItemConfig & Pick<TeamConfig, 'deployments'>;
  /** The repository, for deploy tags and bare commits when the log has no deployment records. */
  readonly repoRoot?: string;
  /** The branch whose commits count when there is nothing else (default HEAD). */
  readonly ref?: string;
  readonly ticketSyntax?: TicketSyntax;
  readonly logger?: Logger;
}

const DEFAULT_WINDOW = 24 * 3_600_000;
// A manual change is recorded around when it is made; a day's lead covers one planned the evening before.
const MANUAL_LEAD = 24 * 3_600_000;

/**
 * The deployments to an environment in the window before T, newest first, each with its changes
 * and the exact step that undoes it, and the suspects ranked. Works from deployment records; when
 * the log has none for the environment, from deploy tags; when there are none, from bare commits.
 */
export async function whatChanged(q: WhatChangedQuery, src: WhatChangedSources): Promise<WhatChanged> {
  const shallow = src.repoRoot ? isShallowRepository({ cwd: src.repoRoot, logger: src.logger }) : Promise.resolve(false);
  const found = await gather(q, src);
  // Counted once the log was read: a process's first question indexes it, and only then are its
  // unreadable lines known.
  const unreadable = readProblems(src.index).length;
  const problems = [
    ...(unreadable > 0 ? [`The change log has ${unreadable} unreadable line(s): some changes may be missing (run with --verbose).`] : []),
    // The commits a deployment put live end at the clone's boundary: fewer than went live.
    ...((await shallow) ? [`This is a shallow clone: the commits each deployment put live may be cut short. To see them all, ${UNSHALLOW_ADVICE}.`] : []),
    ...found.problems,
  ];
  return finish(q, found.since, found.basis, found.deployments, problems);
}

interface Gathered {
  readonly since: number | undefined;
  readonly basis: WhatChanged['basis'];
  readonly deployments: ChangedDeployment[];
  readonly problems: readonly string[];
}

async function gather(q: WhatChangedQuery, src: WhatChangedSources): Promise<Gathered> {
  const until = q.at + 1; // T itself is in the window
  const anyRecord = (await src.index.query({ schema: 'changetrail/deployment', environment: q.environment, until, limit: 1 })).length > 0;
  if (anyRecord) {
    const since = q.sinceLastGood ? await lastGoodTime(src.index, q.environment, until) : q.at - (q.windowMs ?? DEFAULT_WINDOW);
    const records = await src.index.deploymentsOf(q.environment, { ...(since !== undefined ? { since } : {}), until });
    const later = await src.index.query({ schema: 'changetrail/deployment', environment: q.environment, since: until, limit: 1 });
    const before = since === undefined ? [] : ((await src.index.query({ schema: 'changetrail/deployment', environment: q.environment, until: since, limit: 1 })) as DeploymentRecord[]);
    // Every deployment's change records in one read of the log, not one per deployment.
    const ids = records.flatMap((d) => d.records);
    const carried = new Map((await src.index.getMany(ids)).flatMap((e, i) => (e?.schema === 'changetrail/change' ? [[ids[i], e] as const] : [])));
    const deployments: ChangedDeployment[] = [];
    for (let i = 0; i < records.length; i++) {
      const previous = records[i + 1] ?? before[0];
      deployments.push(fromRecord(records[i], previous, i === 0 && later.length === 0, carried, src, q, since));
    }
    deployments.push(...(await manualChanges(src, q, since)));
    return { since, basis: 'records', deployments, problems: [] };
  }
  const since = q.at - (q.windowMs ?? DEFAULT_WINDOW);
  if (src.repoRoot) {
    const tagged = await tagDeployments(q, since, src);
    if (tagged) return { since, basis: 'tags', deployments: [...tagged, ...(await manualChanges(src, q, since))], problems: [] };
    // Deployments recorded only after T: the log began later. The commits of HEAD would include ones
    // that went live after T; what was live before the first recorded deployment is its previous commit.
    const [first] = (await src.index.query({ schema: 'changetrail/deployment', environment: q.environment, order: 'oldest', limit: 1 })) as DeploymentRecord[];
    if (first) {
      const startedAfter = `No deployment to ${q.environment} is recorded before ${new Date(q.at).toISOString()}: the first recorded one is ${first.id} of ${first.createdAt}.`;
      if (!first.previousCommit) return { since, basis: 'records', deployments: await manualChanges(src, q, since), problems: [`${startedAfter} What was live before it is not known.`] };
      const commits = await commitDeployments(q, since, { ...src, ref: first.previousCommit });
      return { since, basis: 'commits', deployments: [...commits, ...(await manualChanges(src, q, since))], problems: [`${startedAfter} Listing the commits of ${first.previousCommit.slice(0, 7)} (live before it) in the window instead.`] };
    }
    const commits = await commitDeployments(q, since, src);
    return { since, basis: 'commits', deployments: [...commits, ...(await manualChanges(src, q, since))], problems: [`No deployment records or deploy tags for ${q.environment}: listing the commits of ${src.ref ?? 'HEAD'} in the window instead.`] };
  }
  return { since, basis: 'records', deployments: await manualChanges(src, q, since), problems: [`No deployment to ${q.environment} is recorded.`] };
}

function finish(q: WhatChangedQuery, since: number | undefined, basis: WhatChanged['basis'], deployments: ChangedDeployment[], problems: readonly string[]): WhatChanged {
  deployments.sort((a, b) => compareInstants(b.at, a.at) || b.ref.localeCompare(a.ref));
  const ctx = { system: q.system, at: q.at, since };
  return {
    environment: q.environment,
    ...(q.system ? { system: q.system } : {}),
    at: new Date(q.at).toISOString(),
    ...(since !== undefined ? { since: new Date(since).toISOString() } : {}),
    basis,
    deployments,
    suspects: rankSuspects(deployments, ctx),
    problems,
  };
}

function fromRecord(d: DeploymentRecord, previous: DeploymentRecord | undefined, live: boolean, carried: ReadonlyMap<string, ChangeRecord>, src: WhatChangedSources, q: WhatChangedQuery, since: number | undefined): ChangedDeployment {
  const records = d.records.flatMap((id) => carried.get(id) ?? []);
  const changes = records.map((r) => changedItem(r, src.config));
  const previousCommit = d.previousCommit ?? previous?.commit;
  const freezeOverride = d.freezeOverride ? `${d.freezeOverride.reason} (${d.freezeOverride.by.name})` : undefined;
  const base = { at: d.createdAt, ...(freezeOverride ? { freezeOverride } : {}) };
  const ctx = { system: q.system, at: q.at, since };
  const scores = changes.map((c) => scoreChange(c, base, ctx));
  if (changes.length === 0 && (d.kind ?? 'deploy') === 'deploy') scores.push(scoreUnrecorded(base, ctx));
  return {
    source: 'record',
    ref: d.id,
    at: d.createdAt,
    environment: d.environment,
    commit: d.commit,
    ...(previousCommit ? { previousCommit } : {}),
    by: d.by.name,
    kind: d.kind ?? 'deploy',
    ...(d.rollsBack ? { rollsBack: d.rollsBack } : {}),
    ...(d.incident ? { incident: d.incident } : {}),
    ...(freezeOverride ? { freezeOverride } : {}),
    changes,
    unrecorded: [],
    rollback: rollbackStepFor({ environment: d.environment, commit: d.commit, previousCommit, changes, unrecorded: [], live }),
    suspicion: deploymentSuspicion(scores),
  };
}

/** Changes made outside git (origin "manual") in the environment during the window: a setting, a vendor update. */
async function manualChanges(src: WhatChangedSources, q: WhatChangedQuery, since: number | undefined): Promise<ChangedDeployment[]> {
  const recordedSince = since === undefined ? undefined : since - MANUAL_LEAD;
  // No upper bound on when it was recorded: a change made before T is often written down after the
  // alert ("I lowered the DNS TTL at 05:50"), and belongs in the answer by when it was made.
  const found = (await src.index.query({ schema: 'changetrail/change', origin: 'manual', environment: q.environment, ...(recordedSince !== undefined ? { since: recordedSince } : {}) })) as ChangeRecord[];
  const ctx = { system: q.system, at: q.at, since };
  return found
    .filter((r) => r.origin === 'manual')
    .filter((r) => {
      const at = Date.parse(r.changedAt ?? r.createdAt);
      return at <= q.at && (since === undefined || at >= since);
    })
    .map((r) => {
      const item = changedItem(r, src.config);
      const at = r.changedAt ?? r.createdAt;
      return {
        source: 'manual' as const,
        ref: r.id,
        at,
        environment: r.environment,
        by: r.author.name,
        kind: 'deploy' as const,
        changes: [item],
        unrecorded: [],
        rollback: rollbackStepFor({ environment: r.environment, changes: [item], unrecorded: [], live: false }),
        suspicion: scoreChange(item, { at }, ctx),
      };
    });
}

/**
 * The start of the window for --since-last-good: just after the newest deployment before the
 * latest one that was neither rolled back nor named as an incident's cause. Undefined (from the
 * beginning) when there is none.
 */
async function lastGoodTime(index: ChangeLogIndex, environment: string, until: number): Promise<number | undefined> {
  const all = await index.deploymentsOf(environment, { until });
  const good = await lastGoodDeployment(index, all.slice(1), (d) => d.kind !== 'rollback');
  return good ? Date.parse(good.createdAt) + 1 : undefined;
}
