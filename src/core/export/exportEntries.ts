import type { LogEntry } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';
import { askEvery } from '../records/everyLog';

/**
 * The entries auditExport may list for [since, until), asked of the indexes instead of read whole:
 * every entry written in the window (amended and superseded ones too: an audit lists each), and
 * the manual changes, whose time is when they were made (changedAt), which may lie far from when
 * they were written. auditExport decides by each entry's time; a row needs nothing beyond its entry.
 */
export async function exportEntries(indexes: readonly ChangeLogIndex[], since: number, until: number): Promise<LogEntry[]> {
  return askEvery(indexes, async (index) => [
    ...(await index.query({ since, until, currentOnly: false, order: 'oldest' })),
    ...(await index.query({ schema: 'changetrail/change', origin: 'manual', currentOnly: false, order: 'oldest' })),
  ]);
}
