import type { LogEntry } from '../changeRecord';

/**
 * Steps of one delivery that already succeeded, kept by the outbox with the pending item so a
 * retry (even after a restart) skips them: a sink that does several things per entry, such as
 * commenting on two tickets, does not repeat the one that worked when the other failed.
 */
export interface DeliveryProgress {
  has(step: string): boolean;
  /** Records a finished step durably before the sink moves on. */
  mark(step: string): Promise<void>;
}

/** What the outbox hands a sink with each attempt. */
export interface DeliveryOptions {
  /** `<entry id>:<sink id>`: the same on every attempt, so a receiver can drop duplicates. */
  readonly idempotencyKey: string;
  /** Aborted when the attempt takes too long or the host shuts down. */
  readonly signal?: AbortSignal;
  readonly progress?: DeliveryProgress;
}

/**
 * Somewhere change records go (a webhook, ticket comments...). `deliver` resolves once the
 * receiver acknowledged the entry and throws otherwise; it must be safe to call again with the
 * same idempotency key, because a crash between acknowledgement and bookkeeping repeats it.
 */
export interface RecordSink {
  /** Stable id, part of file names and idempotency keys: letters, digits, `-` and `_`. */
  readonly id: string;
  /** A name for people, e.g. "Webhook (hooks.acme.com)". */
  readonly label: string;
  deliver(entry: LogEntry, options: DeliveryOptions): Promise<DeliveryResult>;
}

/** What a receiver's acknowledgement said: a link, and what it took but did not fully apply (unknown ticket keys, a rejected part). */
export interface DeliveryResult {
  readonly url?: string;
  /** One line each; kept with the delivered item so no part of an acknowledgement is lost silently. */
  readonly warnings?: readonly string[];
}

/** Sink ids end up in file names, so they are kept to a portable alphabet. */
export const SINK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A failure that trying again will not fix (a refusal, an unsupported tracker): the outbox stops retrying. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/**
 * Whether a sink's failure is final: a PermanentDeliveryError, or an HTTP 4xx other than 408
 * (timeout) and 429 (rate limit), which the receiver will answer the same way next time.
 */
export function isPermanentFailure(error: unknown): boolean {
  if (error instanceof PermanentDeliveryError) return true;
  // GitHub signals rate limits with 403 plus Retry-After; a time to come back means "not final".
  if (retryAtOf(error) !== undefined) return false;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** When the receiver asked to be retried (epoch ms), e.g. from a 429's Retry-After; TrackerError carries it. */
export function retryAtOf(error: unknown): number | undefined {
  const at = (error as { retryAt?: unknown } | null)?.retryAt;
  return typeof at === 'number' && Number.isFinite(at) ? at : undefined;
}
