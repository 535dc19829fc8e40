import { type FactTable, ID_CHANGE } from './factTable';

// Hand-edited logs can hold loops of `supersedes` (A amends B, B amends A). The index's rule
// (supersedesEffectively in src/core/records/index/incidentStates.ts) breaks a loop at its latest
// record (createdAt, then id): the amendment naming that record amends nothing, so the latest
// record stays current, and every other link of the loop still amends. The facts table follows
// the same rule on its rows, so the board, `metrics` and the index agree on what is current.

/** The change row amendment row `n` names, or -1 (no amendment, or a record that is not a change the table holds). */
export function amendedRow(t: FactTable, n: number): number {
  const id = t.supersedes.get(n);
  if (id === undefined) return -1;
  const slot = t.ids.find(id);
  return slot >= 0 && t.ids.kindAt(slot) === ID_CHANGE ? t.ids.numAt(slot) : -1;
}

/**
 * The loops of amendments reachable from the amendment rows `from` (all of them by default), each
 * as its rows in the order they name each other. Each row is walked once: linear in the amendments.
 */
export function supersedesLoops(t: FactTable, from: Iterable<number> = t.supersedes.keys()): number[][] {
  const walkOf = new Map<number, number>();
  const loops: number[][] = [];
  let walk = 0;
  for (const start of from) {
    if (walkOf.has(start)) continue;
    walk++;
    const path: number[] = [];
    for (let at = start; at >= 0; at = amendedRow(t, at)) {
      const seen = walkOf.get(at);
      if (seen !== undefined) {
        if (seen === walk) loops.push(path.slice(path.indexOf(at)));
        break;
      }
      walkOf.set(at, walk);
      path.push(at);
    }
  }
  return loops;
}

/** The row of `loop` whose amendment amends nothing: the one naming the loop's latest record (createdAt, then id). */
export function loopCloser(t: FactTable, loop: readonly number[]): number {
  let latest = 0;
  for (let i = 1; i < loop.length; i++) if (laterRow(t, loop[i], loop[latest])) latest = i;
  // loop[i] names loop[i + 1]: the row before the latest names it.
  return loop[(latest - 1 + loop.length) % loop.length];
}

/** The amendment rows that amend nothing because they close a loop (see the file comment). */
export function loopClosers(t: FactTable): number[] {
  return supersedesLoops(t).map((loop) => loopCloser(t, loop)).sort((a, b) => a - b);
}

function laterRow(t: FactTable, a: number, b: number): boolean {
  const by = (t.amendedAt.get(a) ?? t.cAt.at(a)) - (t.amendedAt.get(b) ?? t.cAt.at(b));
  return by > 0 || (by === 0 && t.idAt(t.cSlot.at(a)) > t.idAt(t.cSlot.at(b)));
}
