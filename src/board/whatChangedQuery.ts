import type { BoardChange, BoardDeployment } from '../protocol/boardData';

export interface WhatChangedQuery {
  readonly environment: string;
  readonly system?: string;
  /** The time of the alert, epoch ms. */
  readonly at: number;
  readonly windowMs: number;
}

export interface Suspect {
  readonly change: BoardChange;
  readonly deployment?: BoardDeployment;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface WhatChangedAnswer {
  readonly suspects: readonly Suspect[];
  readonly deployments: readonly { readonly deployment: BoardDeployment; readonly changes: readonly BoardChange[]; readonly rollbackStep: string }[];
  /** Changes made outside git in the window (no deployment carries them). */
  readonly manual: readonly BoardChange[];
}

const HOUR = 3_600_000;

/** How to undo a deployment: redeploy what ran before it, else revert its commits (hex shas only: safe to paste). */
export function rollbackStep(d: BoardDeployment, changes: readonly BoardChange[], undone?: BoardDeployment): string {
  if (d.rollback && undone && /^[0-9a-f]{7,64}$/.test(undone.commit)) return `Redeploy ${undone.commit} (undoes this rollback)`;
  if (d.previousCommit && /^[0-9a-f]{7,64}$/.test(d.previousCommit)) return `Redeploy ${d.previousCommit} (what ran before)`;
  const shas = changes.flatMap((c) => c.commits.map((k) => k.sha)).filter((s) => /^[0-9a-f]{7,64}$/.test(s));
  return shas.length > 0 ? `git revert --no-edit ${shas.join(' ')}` : 'No commit to revert is known: redeploy the previous build by hand';
}

/**
 * What went live on an environment in the window before an alert, suspects first: a change that
 * touched the named system ranks above any that did not; then it scores for its risk flags, for having no rollback plan, for a freeze
 * override, and for going live close to the alert.
 */
export function whatChanged(deployments: readonly BoardDeployment[], lookup: (id: string) => BoardChange | undefined, all: readonly BoardChange[], q: WhatChangedQuery): WhatChangedAnswer {
  const env = q.environment.trim().toLowerCase();
  const system = q.system?.trim().toLowerCase();
  const inWindow = (at: number) => at <= q.at && at > q.at - q.windowMs;
  const hits = deployments.filter((d) => d.environment === env && inWindow(d.at)).sort((a, b) => b.at - a.at);
  const suspects: Suspect[] = [];
  const rows = hits.map((d) => {
    const changes = d.changes.map(lookup).filter((c): c is BoardChange => c !== undefined);
    for (const c of changes) suspects.push(score(c, d.at, q, system, d));
    const undone = d.rollsBack ? deployments.find((x) => x.id === d.rollsBack) : undefined;
    return { deployment: d, changes, rollbackStep: rollbackStep(d, changes, undone) };
  });
  const manual = all.filter((c) => c.manual && c.environment === env && inWindow(c.at));
  for (const c of manual) suspects.push(score(c, c.at, q, system));
  suspects.sort((a, b) => b.score - a.score || (b.deployment?.at ?? b.change.at) - (a.deployment?.at ?? a.change.at));
  return { suspects, deployments: rows, manual };
}

function score(c: BoardChange, liveAt: number, q: WhatChangedQuery, system: string | undefined, deployment?: BoardDeployment): Suspect {
  let points = 0;
  const reasons: string[] = [];
  // Touching the system that broke outweighs everything else together: rank those changes first.
  if (system && c.systems.some((s) => s.toLowerCase() === system)) {
    points += 20;
    reasons.push(`touches ${q.system}`);
  }
  for (const f of c.risk) {
    points += f.severity === 'danger' ? 2 : 1;
    reasons.push(f.message);
  }
  if (!c.rollbackPlan.trim()) {
    points += 3;
    reasons.push('no rollback plan');
  }
  if (c.freezeOverride || deployment?.freezeOverride) {
    points += 2;
    reasons.push(`freeze override: ${c.freezeOverride ?? deployment?.freezeOverride}`);
  }
  const before = q.at - liveAt;
  const close = before < HOUR ? 3 : before < 6 * HOUR ? 2 : before < 24 * HOUR ? 1 : 0;
  if (close > 0) {
    points += close;
    reasons.push(`live ${before < HOUR ? 'less than an hour' : before < 6 * HOUR ? 'less than 6 hours' : 'less than a day'} before`);
  }
  return { change: c, deployment, score: points, reasons };
}
