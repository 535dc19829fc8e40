import { type Logger, silentLogger } from '../../log';
import { TrackerError } from '../../net/trackerError';
import type { ChannelContent } from '../../notes/noteSchema';
import { renderSlack } from '../../notes/renderSlack';
import type { ChannelResponse } from './channelPost';
import { ChatWebhookSink, type ChatWebhookSinkOptions } from './chatWebhookSink';

/** A Slack channel: its incoming-webhook URL and what to post. */
export type SlackSinkOptions = ChatWebhookSinkOptions;

/** The step recorded once Slack said "ok", so no retry posts the note a second time. */
export { POSTED_STEP } from './chatWebhookSink';

// Slack's incoming-webhook answers, by the plain-text code in the body: what a person should do.
const SLACK_ERRORS: Record<string, string> = {
  invalid_payload: 'Slack could not read the message; this is a ChangeTrail bug, please report it',
  no_text: 'Slack found no text in the message; this is a ChangeTrail bug, please report it',
  invalid_blocks: 'Slack refused the message layout; this is a ChangeTrail bug, please report it',
  invalid_blocks_format: 'Slack refused the message layout; this is a ChangeTrail bug, please report it',
  too_many_attachments: 'Slack refused the message layout; this is a ChangeTrail bug, please report it',
  user_not_found: 'the user the webhook posts as no longer exists; create a new incoming webhook and set its URL',
  invalid_token: 'the webhook URL is no longer valid (the app was removed or the URL regenerated); create a new incoming webhook and set its URL',
  action_prohibited: 'the workspace does not allow this webhook to post here; ask a Slack admin, or use another channel',
  posting_to_general_channel_denied: 'only admins may post to this channel; use another channel for the webhook',
  channel_not_found: 'the channel no longer exists; create a webhook for another channel and set its URL',
  channel_is_archived: 'the channel is archived; unarchive it, or create a webhook for another channel and set its URL',
  no_service: 'the webhook was removed or disabled; create a new incoming webhook and set its URL',
  no_service_id: 'the webhook URL is incomplete; copy it again from Slack',
  no_team: 'the workspace of this webhook no longer exists; set a new URL',
  team_disabled: 'the workspace of this webhook is disabled; set a new URL',
  no_active_hooks: 'the webhook is turned off in Slack; turn it on, or create a new one and set its URL',
};

/**
 * Posts deployment notes and digests to a Slack incoming webhook as Block Kit (renderSlack).
 * Slack answers 200 "ok", or an error code in plain text: 400/403/404/410 are kept as failed
 * with what to do, 429 (Retry-After) and 5xx are retried by the outbox. Slack takes no
 * idempotency key, so once it said "ok" the sink records a `posted` step with the outbox: a retry
 * after a crash between Slack's answer and the outbox's bookkeeping posts nothing. Only an answer
 * lost on the way back (a timeout after Slack posted) can still lead to a second post.
 */
export class SlackSink extends ChatWebhookSink {
  constructor(options: SlackSinkOptions, logger: Logger = silentLogger) {
    super(options, 'Slack', logger);
  }

  protected render(content: ChannelContent): unknown {
    return renderSlack(content);
  }

  protected refusal(res: ChannelResponse): Error {
    // Only a bare code is repeated: a body that is anything else might echo what we sent.
    const code = /^[a-z_]{2,64}$/.test(res.text.trim()) ? res.text.trim() : undefined;
    const advice = (code && SLACK_ERRORS[code]) ?? 'Slack refused the message; check the webhook in Slack and set its URL again';
    const kind = res.status === 403 ? 'forbidden' : res.status === 404 || res.status === 410 ? 'notFound' : 'unexpected';
    return new TrackerError(kind, this.label, `${advice} (${res.status}${code ? ` ${code}` : ''})`, res.status);
  }
}
