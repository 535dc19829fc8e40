import { createHmac } from 'node:crypto';
import { ChangeTrailError } from '../../errors';
import { type Logger, silentLogger } from '../../log';
import { DEFAULT_NETWORK, HttpClient, type NetworkOptions } from '../../net/httpClient';
import { TrackerError } from '../../net/trackerError';
import type { LogEntry } from '../changeRecord';
import type { DeliveryOptions, RecordSink } from './recordSink';

export interface WebhookSinkOptions {
  /** records.webhook.url: https, or http to this machine. */
  readonly url: string;
  /** records.webhook.signed: with no secret set, deliveries wait (and retry) instead of going out unsigned. */
  readonly signed?: boolean;
  /** The HMAC-SHA256 key, asked for at each delivery so a secret set later is picked up (SecretStorage in the editor). */
  readonly secret?: () => Promise<string | undefined> | string | undefined;
  /** Default `webhook`. */
  readonly id?: string;
  readonly network?: NetworkOptions;
  /** Replaces the HTTP client (tests). */
  readonly http?: Pick<HttpClient, 'request'>;
  /** Epoch ms for X-ChangeTrail-Timestamp. */
  readonly clock?: () => number;
}

/** Whether a URL's hostname is this machine: 127.0.0.0/8, ::1 (also IPv4-mapped 127.x) or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host) || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
}

/** Parses a webhook URL, refusing (ChangeTrailError ConfigInvalid) anything but https, or plain http to a loopback host. */
export function checkWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ChangeTrailError('ConfigInvalid', `records.webhook.url is not a URL: "${raw.slice(0, 80)}"`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  if (url.protocol === 'http:') {
    // Change records name people, systems and rollback plans: they do not cross a network in clear text.
    throw new ChangeTrailError('ConfigInvalid', `records.webhook.url must use https:// (plain http is allowed only to this machine: 127.0.0.1, ::1, localhost), not http://${url.host}`);
  }
  throw new ChangeTrailError('ConfigInvalid', `records.webhook.url must be an https:// URL, not ${url.protocol}`);
}

/**
 * POSTs each entry as JSON to the team's webhook with an Idempotency-Key (the same on every retry)
 * and, with a secret, `X-ChangeTrail-Signature: sha256=<hex HMAC-SHA256 of the exact body bytes>`
 * plus `X-ChangeTrail-Timestamp` (Unix seconds). Any 2xx acknowledges, whatever the body.
 */
export class WebhookSink implements RecordSink {
  readonly id: string;
  readonly label: string;
  private readonly url: URL;
  private readonly http: Pick<HttpClient, 'request'>;
  private readonly clock: () => number;

  constructor(
    private readonly options: WebhookSinkOptions,
    logger: Logger = silentLogger,
  ) {
    this.url = checkWebhookUrl(options.url);
    this.id = options.id ?? 'webhook';
    this.label = `Webhook (${this.url.host})`;
    this.http = options.http ?? new HttpClient(this.label, options.network ?? DEFAULT_NETWORK, logger);
    this.clock = options.clock ?? Date.now;
  }

  async deliver(entry: LogEntry, { idempotencyKey, signal }: DeliveryOptions): Promise<{ readonly url?: string }> {
    // The bytes signed are the bytes sent: a Buffer goes through the HTTP client untouched.
    const body = Buffer.from(JSON.stringify(entry), 'utf8');
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'ChangeTrail', 'Idempotency-Key': idempotencyKey };
    const secret = await this.options.secret?.();
    if (secret) {
      headers['X-ChangeTrail-Timestamp'] = String(Math.floor(this.clock() / 1000));
      headers['X-ChangeTrail-Signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    } else if (this.options.signed) {
      // Not a permanent failure: once the secret is set, the next retry goes out signed.
      throw new ChangeTrailError('ConfigInvalid', `records.webhook.signed is on but no webhook secret is set: run "ChangeTrail: Set Webhook Secret..."`);
    }
    let status: number;
    try {
      status = (await this.http.request({ method: 'POST', url: this.url.href, headers, body, signal, maxRedirects: 0 })).status;
    } catch (error) {
      // The client wants JSON back; a receiver answering 2xx with "ok" or HTML has still acknowledged.
      if (error instanceof TrackerError && error.status !== undefined && error.status >= 200 && error.status < 300) return {};
      throw this.explain(error, secret);
    }
    if (status < 200 || status >= 300) throw new TrackerError('unexpected', this.label, `the webhook answered ${status} instead of 2xx; retrying later`, status);
    return {};
  }

  /**
   * The client words its errors for trackers ("sign in again"); these say what to check for a
   * webhook. The secret never travels as a header, so the client cannot scrub a receiver's echo of it.
   */
  private explain(error: unknown, secret: string | undefined): unknown {
    if (!(error instanceof TrackerError)) return error;
    const prefix = `${this.label}: `;
    const raw = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    const detail = (secret ? raw.split(secret).join('***') : raw).replace(/^the tracker\b/, 'the webhook');
    const message =
      error.kind === 'auth' || error.kind === 'forbidden' ? `the webhook refused the request (${error.status}): check records.webhook.url and the webhook secret`
      : error.kind === 'notFound' ? `the webhook answered 404: check records.webhook.url`
      : detail;
    return new TrackerError(error.kind, this.label, message, error.status, error.retryAt);
  }
}
