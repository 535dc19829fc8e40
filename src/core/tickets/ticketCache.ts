import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { TicketSummary } from './providers/trackerProvider';

const ticketSchema = z.object({
  key: z.string(),
  title: z.string(),
  status: z.optional(z.string()),
  assignee: z.optional(z.string()),
  url: z.optional(z.string()),
  updated: z.optional(z.string()),
});

const cacheFileSchema = z.object({
  version: z.literal(1),
  tracker: z.string(),
  fetchedAt: z.string(),
  tickets: z.array(ticketSchema),
});

/** What one tracker's cache holds. */
export interface CachedTickets {
  readonly tracker: string;
  /** ISO time of the last successful refresh; undefined when never refreshed. */
  readonly fetchedAt?: string;
  readonly tickets: readonly TicketSummary[];
}

/**
 * Tickets cached on disk per tracker (in the extension's global storage), so completion is
 * instant and works offline. A damaged file is reported and treated as empty, never fatal.
 */
export class TicketCache {
  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  private file(tracker: string): string {
    return join(this.dir, `tickets-${tracker.replace(/[^a-z0-9-]/gi, '_')}.json`);
  }

  async load(tracker: string): Promise<CachedTickets> {
    let text: string;
    try {
      text = await readFile(this.file(tracker), 'utf8');
    } catch {
      return { tracker, tickets: [] };
    }
    try {
      const parsed = cacheFileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      this.logger.warn(`Ticket cache ${this.file(tracker)} has an unexpected shape; starting afresh`);
    } catch {
      this.logger.warn(`Ticket cache ${this.file(tracker)} is not valid JSON; starting afresh`);
    }
    return { tracker, tickets: [] };
  }

  /** Replaces a tracker's tickets, fetched now (the injected clock) unless told; written to a temp file and renamed, so a crash never leaves half a file. */
  async store(tracker: string, tickets: readonly TicketSummary[], fetchedAt = new Date(this.clock.now()).toISOString()): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.file(tracker);
    // Unique per write: two refreshes may store the same tracker at once.
    const temp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, JSON.stringify({ version: 1, tracker, fetchedAt, tickets }));
    await rename(temp, target);
  }
}

/** Merges fresh tickets over cached ones by key (fresh wins), most recently updated first. */
export function mergeTickets(cached: readonly TicketSummary[], fresh: readonly TicketSummary[]): TicketSummary[] {
  const byKey = new Map<string, TicketSummary>();
  for (const t of cached) byKey.set(t.key, t);
  for (const t of fresh) byKey.set(t.key, { ...byKey.get(t.key), ...t });
  return [...byKey.values()].sort((a, b) => (b.updated ?? '').localeCompare(a.updated ?? ''));
}
