import type { ChangedDeployment, ChangedItem, WhatChanged } from '../../core/incidents/whatChangedTypes';

/** A row of the "What Changed" view. */
export type WhatChangedNode =
  | { readonly kind: 'message'; readonly text: string; readonly icon: string }
  | { readonly kind: 'deployment'; readonly deployment: ChangedDeployment; readonly environment: string; readonly rank?: number }
  | { readonly kind: 'change'; readonly deployment: ChangedDeployment; readonly change: ChangedItem; readonly rank?: number; readonly reasons: readonly string[]; readonly ticketUrl?: string }
  | { readonly kind: 'commit'; readonly deployment: ChangedDeployment; readonly sha: string; readonly subject: string; readonly author: string };

/** Where each suspect stands (1 = most likely), keyed by deployment and change record. */
export function suspectRanks(answer: WhatChanged): Map<string, { rank: number; reasons: readonly string[] }> {
  const ranks = new Map<string, { rank: number; reasons: readonly string[] }>();
  answer.suspects.forEach((s, i) => {
    const key = suspectKey(s.deployment, s.recordId);
    if (!ranks.has(key)) ranks.set(key, { rank: i + 1, reasons: s.reasons });
  });
  return ranks;
}

/** The key of a suspect: a change of a deployment, or the deployment itself (no record). */
export function suspectKey(deployment: string, recordId: string | undefined): string {
  return `${deployment}#${recordId ?? ''}`;
}

/** The top-level rows: problems first, then the deployments newest first (as the answer has them). */
export function deploymentRows(answer: WhatChanged): WhatChangedNode[] {
  const ranks = suspectRanks(answer);
  const best = (d: ChangedDeployment) => Math.min(...[...ranks].filter(([k]) => k.startsWith(`${d.ref}#`)).map(([, v]) => v.rank));
  const rows: WhatChangedNode[] = answer.problems.map((text) => ({ kind: 'message', text, icon: 'warning' }));
  if (answer.deployments.length === 0) rows.push({ kind: 'message', text: `Nothing went out to ${answer.environment} in the window.`, icon: 'info' });
  for (const deployment of answer.deployments) {
    const rank = best(deployment);
    rows.push({ kind: 'deployment', deployment, environment: answer.environment, rank: Number.isFinite(rank) ? rank : undefined });
  }
  return rows;
}

/** A deployment's changes, suspects first (most likely first), then the commits no record covers. */
export function changeRows(answer: WhatChanged, deployment: ChangedDeployment, ticketUrl: (ticket: string) => string | undefined): WhatChangedNode[] {
  const ranks = suspectRanks(answer);
  const changes = deployment.changes.map((change, order) => {
    const suspect = ranks.get(suspectKey(deployment.ref, change.recordId));
    return { node: { kind: 'change' as const, deployment, change, rank: suspect?.rank, reasons: suspect?.reasons ?? [], ticketUrl: change.tickets[0] ? ticketUrl(change.tickets[0]) : undefined }, order };
  });
  changes.sort((a, b) => (a.node.rank ?? Infinity) - (b.node.rank ?? Infinity) || a.order - b.order);
  return [...changes.map((c) => c.node), ...deployment.unrecorded.map((c): WhatChangedNode => ({ kind: 'commit', deployment, sha: c.sha, subject: c.subject, author: c.author }))];
}
