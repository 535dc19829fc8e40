import { deployTags } from '../git/deployTags';
import type { ChangeRecord } from '../records/changeRecord';
import { type RangeCommit, rangeCommits } from '../notes/rangeLog';
import { changedItem } from './changedItem';
import { rollbackStepFor } from './rollbackStep';
import { deploymentSuspicion, scoreChange, scoreUnrecorded } from './suspects';
import type { WhatChangedQuery, WhatChangedSources } from './whatChanged';
import type { ChangedDeployment, ChangedItem } from './whatChangedTypes';

const LIMIT = 200;

interface Tag {
  readonly name: string;
  readonly sha: string;
  readonly at: number;
}

/**
 * Deployments read from deploy tags (deployments.tagPattern) when the log records none: each tag
 * in the window, its commits since the tag before it, matched to change records. Undefined when
 * the repository has no such tag at all.
 */
export async function tagDeployments(q: WhatChangedQuery, since: number, src: WhatChangedSources): Promise<ChangedDeployment[] | undefined> {
  const pattern = src.config.deployments.tagPattern;
  if (!src.repoRoot || !pattern.includes('{env}')) return undefined;
  const git = { cwd: src.repoRoot, logger: src.logger };
  const glob = pattern.split('{env}').join(q.environment.replace(/[*?[\]\\]/g, (c) => `\\${c}`));
  // Oldest first in the one deploy-tag order: a lightweight rollback tag on an old commit is the latest deployment.
  const tags: Tag[] = (await deployTags([`refs/tags/${glob}`], git))
    .reverse()
    .map((t) => ({ name: t.name, sha: t.commit, at: t.at }))
    .filter((t) => t.at <= q.at);
  if (tags.length === 0) return undefined;
  const result: ChangedDeployment[] = [];
  for (let i = tags.length - 1; i >= 0 && tags[i].at >= since; i--) {
    const tag = tags[i];
    const previous = tags[i - 1];
    const commits = await rangeCommits([previous ? `${previous.sha}..${tag.sha}` : tag.sha], LIMIT, src.ticketSyntax ?? { projects: [], patterns: [] }, git);
    result.push(await fromCommits('tag', tag.name, new Date(tag.at).toISOString(), tag.sha, previous?.sha, commits, i === tags.length - 1, q, since, src));
  }
  return result;
}

/** Bare commits of the branch in the window, one entry each: when nothing says what was deployed. */
export async function commitDeployments(q: WhatChangedQuery, since: number, src: WhatChangedSources): Promise<ChangedDeployment[]> {
  if (!src.repoRoot) return [];
  const git = { cwd: src.repoRoot, logger: src.logger };
  const range = [`--since=@${Math.floor(since / 1000)}`, `--until=@${Math.floor(q.at / 1000)}`, '--no-merges', src.ref ?? 'HEAD'];
  const commits = await rangeCommits(range, LIMIT, src.ticketSyntax ?? { projects: [], patterns: [] }, git).catch(() => [] as RangeCommit[]);
  const result: ChangedDeployment[] = [];
  for (const c of commits) result.push(await fromCommits('commit', c.sha, new Date(Date.parse(c.date)).toISOString(), c.sha, undefined, [c], false, q, since, src));
  return result;
}

async function fromCommits(
  source: 'tag' | 'commit',
  ref: string,
  at: string,
  commit: string,
  previousCommit: string | undefined,
  commits: readonly RangeCommit[],
  live: boolean,
  q: WhatChangedQuery,
  since: number,
  src: WhatChangedSources,
): Promise<ChangedDeployment> {
  const own = commits.filter((c) => !c.merge);
  const records = await src.index.recordsForCommits(own.map((c) => c.sha));
  const covered = new Set<string>();
  const changes: ChangedItem[] = records.map((r: ChangeRecord) => {
    const shas = own.filter((c) => r.commits.some((rc) => rc.sha.startsWith(c.sha) || c.sha.startsWith(rc.sha))).map((c) => c.sha);
    for (const s of shas) covered.add(s);
    return changedItem(r, src.config, shas);
  });
  const unrecorded = own.filter((c) => !covered.has(c.sha)).map((c) => ({ sha: c.sha, subject: c.subject, author: c.author }));
  const ctx = { system: q.system, at: q.at, since };
  const base = { at };
  const scores = [...changes.map((c) => scoreChange(c, base, ctx)), ...(unrecorded.length > 0 ? [scoreUnrecorded(base, ctx)] : [])];
  return {
    source,
    ref,
    at,
    environment: q.environment,
    commit,
    ...(previousCommit ? { previousCommit } : {}),
    ...(source === 'commit' ? { by: commits[0]?.author } : {}),
    kind: 'deploy',
    changes,
    unrecorded,
    rollback: rollbackStepFor({ environment: q.environment, commit: source === 'tag' ? commit : undefined, previousCommit, changes, unrecorded, live }),
    suspicion: deploymentSuspicion(scores),
  };
}
