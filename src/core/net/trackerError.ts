import { ChangeTrailError } from '../errors';

/** Why a tracker request failed, for people and for retry decisions. */
export type TrackerErrorKind =
  | 'auth' // 401: credentials missing, wrong or expired
  | 'forbidden' // 403
  | 'notFound' // 404: wrong base URL, project or repository
  | 'rateLimited' // 429 beyond what we wait for
  | 'server' // 5xx
  | 'unexpected' // HTML, malformed JSON, or a shape we do not know
  | 'unreachable' // DNS, refused, TLS, timeout
  | 'cancelled'; // superseded by the next keystroke

/** A tracker request that failed; the message names the tracker and says what to do, never a secret. */
export class TrackerError extends ChangeTrailError {
  constructor(
    readonly kind: TrackerErrorKind,
    readonly tracker: string,
    message: string,
    readonly status?: number,
    /** When a rate-limited request may be tried again (epoch ms). */
    readonly retryAt?: number,
  ) {
    super('TrackerFailed', `${tracker}: ${message}`);
    this.name = 'TrackerError';
  }
}
