import type { IndexStamp, TimeRange } from './changeLogIndex';
import { inRange } from './entryFilter';
import type { EntryTable } from './entryTable';

/**
 * How many entries were created in the range and a fingerprint of where their bytes lie (FNV-1a
 * over each one's offset, length and line): an entry added, dropped or rewritten in place changes it.
 */
export function stampOf(table: EntryTable, range: TimeRange): IndexStamp {
  const { offsets, lengths, lines, times, count } = table;
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let n = 0;
  for (let i = 0; i < count; i++) {
    if (!inRange(times[i], range.since, range.until)) continue;
    n++;
    const offset = offsets[i];
    h1 = Math.imul(h1 ^ (offset % 0x100000000), 0x01000193);
    h1 = Math.imul(h1 ^ Math.floor(offset / 0x100000000), 0x01000193);
    h2 = Math.imul(h2 ^ lengths[i], 0x5bd1e995);
    h2 = Math.imul(h2 ^ lines[i], 0x5bd1e995);
  }
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
  return { count: n, fingerprint: `${n.toString(16)}-${hex(h1)}${hex(h2)}` };
}
