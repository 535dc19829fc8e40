import type { BoardChange, BoardMonth, BoardMonthChanges, BoardMonthMeta } from './boardData';

/**
 * A month as the page shows it, from the parts a built site's two month scripts push: the changes
 * of every part in the order written (the order the log was read), newest first with ties in that
 * order, without those the meta says were amended; the meta's deployments as they are. Shared by
 * the page's store and the tests, so both read a site the same way.
 */
export function assembleMonth(key: string, parts: readonly BoardMonthChanges[], meta: BoardMonthMeta | undefined): BoardMonth {
  const amended = new Set(meta?.superseded ?? []);
  const changes: BoardChange[] = [];
  for (const part of parts) for (const change of part.changes) if (!amended.has(change.id)) changes.push(change);
  // Array.prototype.sort is stable: equal times keep the order read.
  changes.sort((a, b) => b.at - a.at);
  return { kind: 'month', key, changes, deployments: meta ? [...meta.deployments] : [] };
}
