import { ChangeTrailError } from '../errors';

/** Why a tracker request failed, for people and for retry decisions. */
export type TrackerErrorKind =
  | 'auth' // 401: credentials missing, wrong or expired
  | 'forbidden' // 403
  | 'notFound' // 404, 410: wrong base URL, project or repository; a deleted ticket
  | 'rateLimited' // 429, GitHub's 403 limits, Linear's RATELIMITED: carries retryAt
  | 'server' // 5xx
  | 'unexpected' // HTML, malformed JSON, or a shape we do not know
  | 'unreachable' // DNS, refused, TLS, deadline passed
  | 'cancelled'; // superseded by the next keystroke

/** A tracker request that failed; the message names the tracker and says what to do, never a secret. */
export class TrackerError extends ChangeTrailError {
  constructor(
    readonly kind: TrackerErrorKind,
    readonly tracker: string,
    message: string,
    readonly status?: number,
    /** When the request may be tried again (epoch ms): set for rate limits, so the outbox retries instead of giving up. */
    readonly retryAt?: number,
    /** The answer's headers (lower-case names), for providers that read vendor-specific ones. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super('TrackerFailed', `${tracker}: ${message}`);
    this.name = 'TrackerError';
  }
}
