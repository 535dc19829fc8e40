import { type Logger, excerpt, silentLogger } from '../../log';
import { TrackerError } from '../../net/trackerError';
import type { ChannelContent } from '../../notes/noteSchema';
import { renderTeams } from '../../notes/renderTeams';
import { type ChannelResponse, scrubUrl } from './channelPost';
import { ChatWebhookSink, type ChatWebhookSinkOptions } from './chatWebhookSink';

/** A Teams channel: its Workflows webhook URL and what to post. */
export type TeamsSinkOptions = ChatWebhookSinkOptions;

/**
 * Posts deployment notes and digests to a Microsoft Teams channel through a Workflows webhook
 * ("Post to a channel when a webhook request is received"), as an Adaptive Card (renderTeams).
 * The workflow answers 202 Accepted once it took the request; what the flow does next (posting
 * as the Flow bot) is out of sight, so a flow that fails later shows in its run history, not
 * here. 400 (the card), 401/403 (the signature), 404 (the flow is gone) are kept as failed;
 * 429 and 5xx are retried. Like Slack, Teams takes no idempotency key: see SlackSink.
 */
export class TeamsSink extends ChatWebhookSink {
  constructor(options: TeamsSinkOptions, logger: Logger = silentLogger) {
    super(options, 'Teams', logger);
  }

  protected render(content: ChannelContent): unknown {
    return renderTeams(content);
  }

  protected refusal(res: ChannelResponse): Error {
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
    return excerpt(scrubUrl([code, message].filter(Boolean).join(': '), url), 200);
  } catch {
    return '';
  }
}
