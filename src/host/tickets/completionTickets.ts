import type { TicketSummary } from '../../core/tickets/providers/trackerProvider';
import type { TicketDirectory } from '../../core/tickets/ticketDirectory';

/**
 * How long completion waits on the trackers' own search before it shows the cache's hits alone.
 * A tracker that hangs held the list for its whole request deadline (10 s, more with a 429's
 * Retry-After), with the offline cache's hits known all along.
 */
export const REMOTE_WAIT_MS = 800;

/**
 * The tickets commit-box completion offers for `query`: the cache's hits with the trackers' search
 * merged in when it answers within `waitMs`; otherwise the cache's hits alone, and the trackers'
 * search is cancelled (the next keystroke asks again). Cancelled with `signal` too.
 */
export async function completionTickets(directory: Pick<TicketDirectory, 'search' | 'searchWithRemote'>, query: string, signal: AbortSignal, limit: number, waitMs = REMOTE_WAIT_MS): Promise<TicketSummary[]> {
  const remote = new AbortController();
  const cancel = () => remote.abort();
  if (signal.aborted) cancel();
  signal.addEventListener('abort', cancel, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, waitMs, undefined)));
  try {
    const answered = await Promise.race([directory.searchWithRemote(query, { signal: remote.signal, limit }), late]);
    if (answered) return answered.tickets;
    cancel();
    return directory.search(query, limit);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', cancel);
  }
}
