import { ChangeTrailError, errorMessage } from '../../errors';
import { type Logger, excerpt, silentLogger } from '../../log';
import type { NetworkOptions } from '../../net/networkOptions';
import { TrackerError } from '../../net/trackerError';
import type { ChannelContentSource } from '../../notes/noteStore';
import { renderWebhook } from '../../notes/renderWebhook';
import type { LogEntry } from '../changeRecord';
import { checkChannelUrl, scrubUrl, scrubbingLogger } from './channelPost';
import { type DeliveryOptions, PermanentDeliveryError, type RecordSink } from './recordSink';
import { WebhookSink, type WebhookSinkOptions } from './webhookSink';

/** A generic webhook channel: its URL, what to post, and the optional signing secret. */
export interface ChannelWebhookSinkOptions {
  readonly url: string;
  readonly content: ChannelContentSource;
  /** The channel's id in the team config; the sink id is `channel-<id>`. */
  readonly channel?: string;
  readonly id?: string;
  /** The signing secret, `whsec_<base64>` for Standard Webhooks libraries (CHANGETRAIL_<ID>_SECRET in CI). */
  readonly secret?: WebhookSinkOptions['secret'];
  readonly network?: NetworkOptions;
  readonly http?: WebhookSinkOptions['http'];
  readonly clock?: () => number;
}

/**
 * A generic webhook channel: the rendered note (renderWebhook: structured content, record ids and
 * Markdown `text`) POSTed by a WebhookSink, so it gets the same https check, Idempotency-Key
 * (the same on every retry: receivers drop duplicates) and optional HMAC signature as change records.
 */
export class ChannelWebhookSink implements RecordSink {
  readonly id: string;
  readonly label: string;
  private readonly inner: WebhookSink;
  private readonly where: string;
  private readonly url: URL;

  constructor(
    private readonly options: ChannelWebhookSinkOptions,
    logger: Logger = silentLogger,
  ) {
    const channel = options.channel ?? 'webhook';
    this.id = options.id ?? `channel-${channel}`;
    this.where = `the URL of channel "${channel}"`;
    // First the check that never repeats the URL: from CHANGETRAIL_<ID>_URL it may carry a token.
    const url = checkChannelUrl(options.url, `channel "${channel}"`);
    this.url = url;
    try {
      this.inner = new WebhookSink({ url: options.url, id: this.id, secret: options.secret, network: options.network, http: options.http, clock: options.clock }, scrubbingLogger(logger, url));
    } catch (error) {
      throw error instanceof ChangeTrailError ? new ChangeTrailError(error.code, this.reword(error.message), error.detail) : error;
    }
    this.label = this.inner.label;
  }

  async deliver(entry: LogEntry, options: DeliveryOptions): Promise<{ readonly url?: string }> {
    const content = await this.options.content.contentFor(entry);
    let payload: unknown;
    try {
      payload = renderWebhook(content, { id: entry.id });
    } catch (error) {
      throw new PermanentDeliveryError(`${this.label}: could not render the note: ${excerpt(errorMessage(error), 200)}`);
    }
    try {
      // WebhookSink serializes and signs whatever it is given; the payload stands in for the entry.
      return await this.inner.deliver(payload as unknown as LogEntry, options);
    } catch (error) {
      if (error instanceof PermanentDeliveryError) throw new PermanentDeliveryError(scrubUrl(this.reword(error.message), this.url));
      if (!(error instanceof TrackerError)) throw error;
      const prefix = `${error.tracker}: `;
      const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
      throw new TrackerError(error.kind, error.tracker, scrubUrl(this.reword(message), this.url), error.status, error.retryAt);
    }
  }

  /** WebhookSink speaks of records.webhook.url; a channel's URL lives elsewhere. */
  private reword(message: string): string {
    return message.replace(/records\.webhook\.url/g, this.where);
  }
}
