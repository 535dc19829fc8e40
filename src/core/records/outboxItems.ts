import * as z from 'zod/mini';
import { type LogEntry, logEntrySchema } from './changeRecord';

// The outbox's files: one item per entry and sink, and delivered.jsonl (src/core/records/outbox.ts).

export const itemSchema = z.object({
  version: z.literal(1),
  entry: logEntrySchema,
  sinkId: z.string(),
  state: z.enum(['pending', 'failed']),
  attempts: z.number(),
  createdAt: z.number(),
  nextAttemptAt: z.number(),
  lastError: z.optional(z.string()),
  failedAt: z.optional(z.number()),
  done: z.optional(z.array(z.string())), // steps the sink finished (DeliveryProgress)
});
export type Item = z.infer<typeof itemSchema>;
export const deliveredSchema = z.object({ entryId: z.string(), sinkId: z.string(), deliveredAt: z.number(), attempts: z.number(), url: z.optional(z.string()), warnings: z.optional(z.array(z.string())) });
export type Delivered = z.infer<typeof deliveredSchema>;
export type ItemFile = { readonly name: string; readonly entryId: string; readonly sinkId: string; readonly item?: Item; readonly problem?: string };
export type Outcome = 'delivered' | 'retrying' | 'failed';

/** Where one delivery stands, for the UI (times are epoch ms). */
export type OutboxItemStatus =
  | { readonly state: 'pending'; readonly entryId: string; readonly sinkId: string; readonly entry: LogEntry; readonly attempts: number; readonly createdAt: number; readonly nextAttemptAt: number; readonly lastError?: string }
  | { readonly state: 'failed'; readonly entryId: string; readonly sinkId: string; readonly entry?: LogEntry; readonly attempts: number; readonly reason: string; readonly failedAt?: number }
  | { readonly state: 'delivered'; readonly entryId: string; readonly sinkId: string; readonly deliveredAt: number; readonly attempts: number; readonly url?: string; readonly warnings?: readonly string[] };

/** What one deliverDue run did; `locked`: another window was delivering to one of the sinks, so its items were not tried. */
export type DeliveryReport = { readonly locked: boolean } & Record<Outcome, number>;
