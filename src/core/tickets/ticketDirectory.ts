import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { TrackerError } from '../net/trackerError';
import { type TicketCache, mergeTickets } from './ticketCache';
import { TicketSearch } from './ticketSearch';
import { safeTicket, safeTickets } from './ticketText';
import type { TicketSummary, TrackerProvider } from './providers/trackerProvider';

/** How a refresh of one tracker went. */
export interface RefreshOutcome {
  readonly tracker: string;
  readonly count: number;
  readonly error?: string;
  /** Why the tracker gave fewer tickets than the cache holds (a tracker limit), when it said. */
  readonly short?: string;
}

/** Tickets each tracker's cache holds by default. */
export const DEFAULT_CACHE_SIZE = 2000;

/**
 * All tickets a repository's trackers know, served from the on-disk cache so answers are instant
 * and work offline; refreshed in the background; remote search merged in when the cache has few hits.
 */
export class TicketDirectory {
  private byTracker = new Map<string, readonly TicketSummary[]>();
  private index = new TicketSearch([]);
  private byKey = new Map<string, TicketSummary>();
  private remote: AbortController | undefined;

  constructor(
    private readonly providers: readonly TrackerProvider[],
    private readonly cache: TicketCache,
    private readonly logger: Logger,
    private readonly recentlyUsed: () => readonly string[] = () => [],
    private readonly cacheSize = DEFAULT_CACHE_SIZE,
  ) {}

  /** Loads every tracker's cache from disk. */
  async load(): Promise<void> {
    // A cache written by an older ChangeTrail (or edited by hand) is made safe like a fresh answer.
    for (const provider of this.providers) this.byTracker.set(provider.id, safeTickets((await this.cache.load(provider.id)).tickets).tickets);
    this.rebuild();
  }

  /** Fetches recent tickets from every tracker and stores them; one failing tracker does not stop the others. */
  async refresh(signal?: AbortSignal): Promise<RefreshOutcome[]> {
    const outcomes: RefreshOutcome[] = [];
    for (const provider of this.providers) {
      try {
        let short: string | undefined;
        const answered = await provider.recent({ signal, limit: this.cacheSize, onShort: (reason) => (short = reason) });
        // Tracker text goes into completion lists and commit messages: one line, no controls or bidi overrides, a sane length.
        const { tickets: fresh, dropped } = safeTickets(answered);
        if (dropped > 0) this.logger.warn(`${provider.label}: left out ${dropped} ticket${dropped === 1 ? '' : 's'} whose key is empty, too long, or holds spaces, control or invisible characters`);
        if (short) this.logger.warn(`${provider.label}: ${fresh.length} of the ${this.cacheSize} tickets the cache holds: ${short}`);
        // Fresh tickets first, then older cached ones, up to the size asked for.
        const merged = mergeTickets(this.byTracker.get(provider.id) ?? [], fresh).slice(0, Math.max(this.cacheSize, fresh.length));
        this.byTracker.set(provider.id, merged);
        await this.cache.store(provider.id, merged);
        outcomes.push({ tracker: provider.id, count: fresh.length, short });
      } catch (error) {
        this.logger.warn(`Refreshing tickets from ${provider.label} failed: ${errorMessage(error)}`);
        outcomes.push({ tracker: provider.id, count: 0, error: errorMessage(error) });
      }
    }
    this.rebuild();
    return outcomes;
  }

  /** The trackers behind this directory (for sinks that comment on tickets). */
  get trackers(): readonly TrackerProvider[] {
    return this.providers;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** A cached ticket by key. */
  find(key: string): TicketSummary | undefined {
    return this.byKey.get(key) ?? this.byKey.get(key.toUpperCase());
  }

  /** Cache-only search: synchronous and instant. */
  search(query: string, limit = 50): TicketSummary[] {
    return this.index.search(query, limit);
  }

  /**
   * Cache search, plus the trackers' own search when the cache has fewer than `minLocal` hits.
   * A newer call cancels an older one still waiting on the network.
   */
  async searchWithRemote(query: string, options: { limit?: number; minLocal?: number; signal?: AbortSignal } = {}): Promise<{ tickets: TicketSummary[]; remoteError?: string }> {
    const limit = options.limit ?? 50;
    const local = this.search(query, limit);
    if (local.length >= (options.minLocal ?? 5) || query.trim().length < 2 || this.providers.length === 0) return { tickets: local };
    this.remote?.abort();
    const controller = new AbortController();
    this.remote = controller;
    options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const seen = new Set(local.map((t) => t.key));
    const tickets = [...local];
    let remoteError: string | undefined;
    // Every tracker asked at once: one after another, a hanging first tracker used up the time the
    // caller waits (completion: 0.8 s) before the second was asked. Results keep the trackers' order.
    const answers = await Promise.allSettled(this.providers.map((provider) => provider.search(query, { signal: controller.signal, limit })));
    for (const answer of answers) {
      if (answer.status === 'rejected') {
        const error = answer.reason;
        if (!(error instanceof TrackerError && error.kind === 'cancelled')) remoteError ??= errorMessage(error);
        continue;
      }
      for (const t of safeTickets(answer.value).tickets) {
        if (!seen.has(t.key)) {
          seen.add(t.key);
          tickets.push(t);
          this.byKey.set(t.key, t);
        }
      }
    }
    return { tickets: tickets.slice(0, limit), remoteError };
  }

  /** The ticket with fresh details (status, assignee) from its tracker, falling back to the cache. */
  async details(key: string, signal?: AbortSignal): Promise<TicketSummary | undefined> {
    for (const provider of this.providers) {
      if (!provider.get) continue;
      try {
        const answered = await provider.get(key, { signal });
        const ticket = answered && safeTicket(answered);
        if (ticket) {
          this.byKey.set(ticket.key, { ...this.byKey.get(ticket.key), ...ticket });
          return this.byKey.get(ticket.key);
        }
      } catch (error) {
        this.logger.debug(`Details of ${key} from ${provider.label}: ${errorMessage(error)}`);
      }
    }
    return this.find(key);
  }

  private rebuild(): void {
    const all = mergeTickets([], [...this.byTracker.values()].flat());
    this.byKey = new Map(all.map((t) => [t.key, t]));
    const index = new TicketSearch(all, this.recentlyUsed());
    this.index = index;
    // The word index of a large cache takes a moment: build it after this turn, not on the first keystroke.
    setImmediate(() => index.prepare()).unref();
  }
}
