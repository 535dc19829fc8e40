import { errorMessage } from '../../errors';
import { type Logger, excerpt, silentLogger } from '../../log';
import { DEFAULT_NETWORK, type NetworkOptions } from '../../net/networkOptions';
import type { ChannelContent } from '../../notes/noteSchema';
import type { ChannelContentSource } from '../../notes/noteStore';
import type { LogEntry } from '../changeRecord';
import { ChannelHttp, type ChannelPoster, type ChannelResponse, checkChannelUrl, commonFailure, scrubbingLogger } from './channelPost';
import { type DeliveryOptions, PermanentDeliveryError, type RecordSink } from './recordSink';

/** The step a chat sink records once the service accepted a post, so a retry posts nothing. */
export const POSTED_STEP = 'posted';

/** What Slack and Teams sinks are built with. */
export interface ChatWebhookSinkOptions {
  /** The webhook URL: a secret (SecretStorage, or CHANGETRAIL_<ID>_URL in CI), never logged. */
  readonly url: string;
  /** What to post for an entry (a NoteStore). */
  readonly content: ChannelContentSource;
  /** Outbox sink id. */
  readonly id?: string;
  /** The channel's id in the team config, for messages. */
  readonly channel?: string;
  readonly network?: NetworkOptions;
  /** Replaces the HTTP client (tests). */
  readonly http?: ChannelPoster;
  readonly clock?: () => number;
}

/**
 * A chat service's incoming webhook (Slack, Teams): renders the saved note, POSTs it, and turns
 * the service's refusals into errors a person can act on. These services take no idempotency
 * key, so once one accepted a post the sink records a `posted` step with the outbox: a retry
 * after a crash between the answer and the outbox's bookkeeping posts nothing. Only an answer
 * lost on the way back (a timeout after the service posted) can still lead to a second post.
 */
export abstract class ChatWebhookSink implements RecordSink {
  readonly id: string;
  readonly label: string;
  protected readonly url: URL;
  private readonly http: ChannelPoster;
  private readonly clock: () => number;

  protected constructor(
    private readonly options: ChatWebhookSinkOptions,
    service: 'Slack' | 'Teams',
    logger: Logger = silentLogger,
  ) {
    const fallback = service.toLowerCase();
    this.label = `${service} channel "${options.channel ?? fallback}"`;
    this.url = checkChannelUrl(options.url, this.label);
    this.id = options.id ?? `channel-${fallback}`;
    this.http = options.http ?? new ChannelHttp(this.label, options.network ?? DEFAULT_NETWORK, scrubbingLogger(logger, this.url));
    this.clock = options.clock ?? Date.now;
  }

  async deliver(entry: LogEntry, { signal, progress }: DeliveryOptions): Promise<{ readonly url?: string }> {
    if (progress?.has(POSTED_STEP)) return {};
    const content = await this.options.content.contentFor(entry);
    let message: unknown;
    try {
      message = this.render(content);
    } catch (error) {
      // Reported for this channel alone; retrying would render the same note the same way.
      throw new PermanentDeliveryError(`${this.label}: could not render the note: ${excerpt(errorMessage(error), 200)}`);
    }
    const res = await this.http.post(this.url, Buffer.from(JSON.stringify(message), 'utf8'), signal);
    if (res.status >= 200 && res.status < 300) {
      await progress?.mark(POSTED_STEP);
      return {};
    }
    throw commonFailure(this.label, res, this.clock()) ?? this.refusal(res);
  }

  /** The service's message for a note or digest. */
  protected abstract render(content: ChannelContent): unknown;

  /** The error for a refusal the common cases (429, 5xx...) did not cover. */
  protected abstract refusal(res: ChannelResponse): Error;
}
