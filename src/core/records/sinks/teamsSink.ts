import { type Logger, silentLogger } from '../../log';
import { DEFAULT_NETWORK, type NetworkOptions } from '../../net/networkOptions';
import { TrackerError } from '../../net/trackerError';
import type { ChannelContentSource } from '../../notes/noteStore';
import { renderTeams } from '../../notes/renderTeams';
import type { LogEntry } from '../changeRecord';
import { ChannelHttp, type ChannelPoster, type ChannelResponse, checkChannelUrl, commonFailure, scrubbingLogger, scrubUrl } from './channelPost';
import type { DeliveryOptions, RecordSink } from './recordSink';
import { POSTED_STEP } from './slackSink';

/** A Teams channel: its Workflows webhook URL and what to post. */
export interface TeamsSinkOptions {
  /** The Workflows webhook URL (its `sig` parameter is the credential): a secret, never logged. */
  readonly url: string;
  readonly content: ChannelContentSource;
  /** Outbox sink id; default `channel-teams`. */
  readonly id?: string;
  /** The channel's id in the team config, for messages; default `teams`. */
  readonly channel?: string;
  readonly network?: NetworkOptions;
  readonly http?: ChannelPoster;
  readonly clock?: () => number;
}

/**
 * Posts deployment notes and digests to a Microsoft Teams channel through a Workflows webhook
 * ("Post to a channel when a webhook request is received"), as an Adaptive Card (renderTeams).
 * The workflow answers 202 Accepted once it took the request; what the flow does next (posting
 * as the Flow bot) is out of sight, so a flow that fails later shows in its run history, not
 * here. 400 (the card), 401/403 (the signature), 404 (the flow is gone) are kept as failed;
 * 429 and 5xx are retried. Like Slack, Teams takes no idempotency key: see SlackSink.
 */
export class TeamsSink implements RecordSink {
  readonly id: string;
  readonly label: string;
  private readonly url: URL;
  private readonly http: ChannelPoster;
  private readonly clock: () => number;

  constructor(
    private readonly options: TeamsSinkOptions,
    logger: Logger = silentLogger,
  ) {
    this.label = `Teams channel "${options.channel ?? 'teams'}"`;
    this.url = checkChannelUrl(options.url, this.label);
    this.id = options.id ?? 'channel-teams';
    this.http = options.http ?? new ChannelHttp(this.label, options.network ?? DEFAULT_NETWORK, scrubbingLogger(logger, this.url));
    this.clock = options.clock ?? Date.now;
  }

  async deliver(entry: LogEntry, { signal, progress }: DeliveryOptions): Promise<{ readonly url?: string }> {
    if (progress?.has(POSTED_STEP)) return {};
    const message = renderTeams(await this.options.content.contentFor(entry));
    const res = await this.http.post(this.url, Buffer.from(JSON.stringify(message), 'utf8'), signal);
    if (res.status >= 200 && res.status < 300) {
      await progress?.mark(POSTED_STEP);
      return {};
    }
    throw this.failure(res);
  }

  private failure(res: ChannelResponse): Error {
    const common = commonFailure(this.label, res, this.clock());
    if (common) return common;
    const detail = errorDetail(res.text, this.url);
    const [kind, advice] =
      res.status === 400 ? (['unexpected', 'the workflow refused the card; check that the flow posts an Adaptive Card from the request body'] as const)
      : res.status === 401 || res.status === 403 ? (['forbidden', 'the workflow refused the request: the URL may have been regenerated or the flow owner lost access; set the current URL'] as const)
      : res.status === 404 ? (['notFound', 'the workflow was not found: it was deleted or turned off; set the URL of a working flow'] as const)
      : res.status === 413 ? (['unexpected', 'the card is too large for Teams; this is a ChangeTrail bug, please report it'] as const)
      : (['unexpected', 'the workflow refused the request'] as const);
    return new TrackerError(kind, this.label, `${advice} (${res.status}${detail ? `: ${detail}` : ''})`, res.status);
  }
}

/** Power Automate's `{ "error": { "code", "message" } }`, shortened and scrubbed of the URL. */
function errorDetail(text: string, url: URL): string {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === 'string' ? body.error.code : '';
    const message = typeof body.error?.message === 'string' ? body.error.message : '';
    return scrubUrl([code, message].filter(Boolean).join(': '), url).replace(/\s+/g, ' ').slice(0, 200);
  } catch {
    return '';
  }
}
