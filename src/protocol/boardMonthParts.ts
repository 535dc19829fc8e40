import type { BoardChange, BoardMonth, BoardMonthChanges, BoardMonthMeta } from './boardData';

/**
 * A month as the page shows it, from the parts a built site's two month scripts push: the changes
 * of every part, newest first (ties by id, later first), without those the meta says were amended; the meta's deployments as they are. Shared by
 * the page's store and the tests, so both read a site the same way.
 */
export function assembleMonth(key: string, parts: readonly BoardMonthChanges[], meta: BoardMonthMeta | undefined): BoardMonth {
  const amended = new Set(meta?.superseded ?? []);
  const changes: BoardChange[] = [];
  for (const part of parts) for (const change of part.changes) if (!amended.has(change.id)) changes.push(change);
  // Equal times by id, later first: the order read is not the same for every build of a board of
  // two logs (a fresh build reads each log whole; a rebuild reads what each gained since).
  changes.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return { kind: 'month', key, changes, deployments: meta ? [...meta.deployments] : [] };
}
