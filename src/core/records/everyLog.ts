import type { LogEntry } from './changeRecord';
import type { ChangeLogIndex } from './index/changeLogIndex';

/**
 * Asks every index the same question, one after another, and keeps each entry id once: the first
 * log's copy, as reading the logs in order and dropping ids seen before does (a log copied into
 * two places, an operations repository aggregating every service's log).
 */
export async function askEvery<T extends LogEntry>(indexes: readonly ChangeLogIndex[], ask: (index: ChangeLogIndex) => Promise<readonly T[]>): Promise<T[]> {
  const lists: (readonly T[])[] = [];
  for (const index of indexes) lists.push(await ask(index));
  return mergeById(lists);
}

/** The entries of `lists` (earlier lists first), each id once: its first occurrence. */
export function mergeById<T extends LogEntry>(lists: readonly (readonly T[])[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const list of lists) {
    for (const e of list) {
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      out.push(e);
    }
  }
  return out;
}
