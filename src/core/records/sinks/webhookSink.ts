import { createHmac } from 'node:crypto';
import { ChangeTrailError } from '../../errors';
import { type Logger, excerpt, silentLogger } from '../../log';
import { DEFAULT_NETWORK, type NetworkOptions } from '../../net/networkOptions';
import { TrackerError } from '../../net/trackerError';
import type { LogEntry } from '../changeRecord';
import { ChannelHttp, type ChannelPoster, type ChannelResponse, commonFailure, isLoopbackHost } from './channelPost';
import { type DeliveryOptions, PermanentDeliveryError, type RecordSink } from './recordSink';
import { standardWebhookHeaders } from './webhookSignature';

export { isLoopbackHost } from './channelPost';

export interface WebhookSinkOptions {
  /** records.webhook.url: https, or http to this machine. */
  readonly url: string;
  /** records.webhook.signed: with no secret set, deliveries wait (and retry) instead of going out unsigned. */
  readonly signed?: boolean;
  /** The signing secret (`whsec_<base64>` or any text), asked for at each delivery so a secret set later is picked up. */
  readonly secret?: () => Promise<string | undefined> | string | undefined;
  /** Default `webhook`. */
  readonly id?: string;
  readonly network?: NetworkOptions;
  /** Replaces the HTTP client (tests). */
  readonly http?: ChannelPoster;
  /** Epoch ms for the signature timestamps. */
  readonly clock?: () => number;
}

/** Parses a webhook URL, refusing (ChangeTrailError ConfigInvalid) anything but https, or plain http to a loopback host. */
export function checkWebhookUrl(raw: string, field = 'records.webhook.url'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ChangeTrailError('ConfigInvalid', `${field} is not a URL: "${excerpt(raw, 80)}"`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') {
    // Change records name people, systems and rollback plans: they do not cross a network in clear text.
    throw new ChangeTrailError('ConfigInvalid', `${field} must use https:// (plain http is allowed only to this machine: 127.0.0.1, ::1, localhost), not http://${url.host}`);
  }
  throw new ChangeTrailError('ConfigInvalid', `${field} must be an https:// URL, not ${url.protocol}`);
}

/**
 * POSTs each entry as JSON to the team's webhook with an Idempotency-Key (the same on every retry)
 * and, with a secret, the Standard Webhooks signature (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, see webhookSignature.ts)
 * plus the older `X-ChangeTrail-Signature: sha256=<hex HMAC of the body>` and
 * `X-ChangeTrail-Timestamp`. Any 2xx acknowledges, whatever the body; a redirect is a permanent
 * failure (never followed, never retried); the request has a total deadline.
 */
export class WebhookSink implements RecordSink {
  readonly id: string;
  readonly label: string;
  private readonly url: URL;
  private readonly http: ChannelPoster;
  private readonly clock: () => number;

  constructor(
    private readonly options: WebhookSinkOptions,
    logger: Logger = silentLogger,
  ) {
    this.url = checkWebhookUrl(options.url);
    this.id = options.id ?? 'webhook';
    this.label = `Webhook (${this.url.host})`;
    this.http = options.http ?? new ChannelHttp(this.label, options.network ?? DEFAULT_NETWORK, logger);
    this.clock = options.clock ?? Date.now;
  }

  /** Sends `entry` (or any JSON value standing in for it, see ChannelWebhookSink) as it is: unknown fields travel too. */
  async deliver(entry: LogEntry, { idempotencyKey, signal }: DeliveryOptions): Promise<{ readonly url?: string }> {
    // The bytes signed are the bytes sent: a Buffer goes through the HTTP client untouched.
    const body = Buffer.from(JSON.stringify(entry), 'utf8');
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'ChangeTrail', 'Idempotency-Key': idempotencyKey };
    const secret = await this.options.secret?.();
    if (secret) {
      const seconds = Math.floor(this.clock() / 1000);
      Object.assign(headers, standardWebhookHeaders(secret, idempotencyKey, seconds, body));
      headers['X-ChangeTrail-Timestamp'] = String(seconds);
      headers['X-ChangeTrail-Signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    } else if (this.options.signed) {
      // Not a permanent failure: once the secret is set, the next retry goes out signed.
      throw new ChangeTrailError('ConfigInvalid', `records.webhook.signed is on but no webhook secret is set: run "ChangeTrail: Set Webhook Secret..."`);
    }
    const res = await this.http.post(this.url, body, signal, headers);
    if (res.status >= 200 && res.status < 300) return {};
    throw this.refusal(res, secret);
  }

  /** A person's words for a non-2xx answer; the receiver's own text only as a scrubbed excerpt. */
  private refusal(res: ChannelResponse, secret: string | undefined): Error {
    const { status } = res;
    if (status === 408) return new TrackerError('unexpected', this.label, 'the webhook timed out (408); retrying later', 408);
    const common = commonFailure(this.label, res, this.clock());
    if (common instanceof PermanentDeliveryError) return new PermanentDeliveryError(common.message.replace(/the URL is out of date; set the current one/, 'set records.webhook.url to the current URL'));
    if (common) return common;
    if (status === 401 || status === 403) return new TrackerError(status === 401 ? 'auth' : 'forbidden', this.label, `the webhook refused the request (${status}): check records.webhook.url and the webhook secret`, status);
    if (status === 404) return new TrackerError('notFound', this.label, 'the webhook answered 404: check records.webhook.url', status);
    if (status === 410) return new PermanentDeliveryError(`${this.label}: the webhook answered 410 Gone: the receiver no longer takes records; remove or change records.webhook.url`);
    const detail = this.detail(res.text, secret);
    if (status >= 400 && status < 500) return new TrackerError('unexpected', this.label, `the webhook refused the request (${status})${detail ? `: ${detail}` : ''}`, status);
    return new TrackerError('unexpected', this.label, `the webhook answered ${status} instead of 2xx; retrying later`, status);
  }

  // A JSON body's message or error, else the text; scrubbed of the secret and the URL, then cut.
  private detail(text: string, secret: string | undefined): string {
    let said = text;
    try {
      const body = JSON.parse(text) as { message?: unknown; error?: unknown };
      const message = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : undefined;
      if (message !== undefined) said = message;
    } catch {
      // Not JSON: the text itself.
    }
    return excerpt(said, 200, [secret ?? '', this.url.href, this.url.pathname + this.url.search, ...this.url.searchParams.values()].filter((s) => s.length >= 8));
  }
}
