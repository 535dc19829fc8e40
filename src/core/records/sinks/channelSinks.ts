import type { ChannelConfig } from '../../config/teamConfigSchema';
import { errorMessage } from '../../errors';
import { type Logger, silentLogger } from '../../log';
import type { NetworkOptions } from '../../net/networkOptions';
import type { ChannelContentSource } from '../../notes/noteStore';
import type { ChannelPoster } from './channelPost';
import { channelUrl } from './channelUrls';
import { ChannelWebhookSink } from './channelWebhookSink';
import type { RecordSink } from './recordSink';
import { SlackSink } from './slackSink';
import { TeamsSink } from './teamsSink';

/**
 * The outbox sink id of a channel: `channel-<id>`. The prefix keeps a channel named "webhook"
 * apart from the change records' own `webhook` sink in the same outbox.
 */
export function channelSinkId(channel: Pick<ChannelConfig, 'id'>): string {
  return `channel-${channel.id}`;
}

/** The environment variable that holds a channel's webhook URL in CI: CHANGETRAIL_<ID>_URL (`ops-alerts` -> CHANGETRAIL_OPS_ALERTS_URL). */
export function channelUrlVariable(channelId: string): string {
  return `CHANGETRAIL_${channelId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;
}

/** The environment variable of a webhook channel's signing secret: CHANGETRAIL_<ID>_SECRET. */
export function channelSecretVariable(channelId: string): string {
  return `CHANGETRAIL_${channelId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_SECRET`;
}

/** Where channel sinks get their URLs, secrets and content. */
export interface ChannelSinkSetup {
  /** A channel's URL: SecretStorage in the editor, channelUrlsFromEnv in the CLI; undefined when not set. */
  urlFor(channel: ChannelConfig): Promise<string | undefined> | string | undefined;
  /** A webhook channel's signing secret, when it has one. */
  secretFor?(channel: ChannelConfig): Promise<string | undefined> | string | undefined;
  readonly content: ChannelContentSource;
  readonly network?: NetworkOptions;
  /** Replaces the HTTP client of Slack and Teams sinks (tests). */
  readonly http?: ChannelPoster;
  readonly clock?: () => number;
}

/** The sinks for the configured channels, and the channels that got none, with why. */
export interface ChannelSinks {
  readonly sinks: readonly RecordSink[];
  readonly skipped: readonly { readonly channel: ChannelConfig; readonly reason: string }[];
}

/**
 * One sink per configured Slack, Teams and webhook channel whose URL is known. E-mail channels
 * get none (a `mailto:` link opens in the user's mail client, see renderEmail) and are listed
 * as skipped, as are channels without a URL or with a bad one (the reason never shows the URL).
 */
export async function createChannelSinks(channels: readonly ChannelConfig[], setup: ChannelSinkSetup, logger: Logger = silentLogger): Promise<ChannelSinks> {
  const sinks: RecordSink[] = [];
  const skipped: { channel: ChannelConfig; reason: string }[] = [];
  for (const channel of channels) {
    if (channel.type === 'email') {
      skipped.push({ channel, reason: 'e-mail is not posted: it opens in your mail client (a mailto: link)' });
      continue;
    }
    const url = (await setup.urlFor(channel))?.trim();
    if (!url) {
      skipped.push({ channel, reason: `no URL is set (the editor keeps it in its secret storage; CI reads ${channelUrlVariable(channel.id)})` });
      continue;
    }
    const common = { url, content: setup.content, id: channelSinkId(channel), channel: channel.id, network: setup.network, clock: setup.clock };
    try {
      if (channel.type === 'slack') sinks.push(new SlackSink({ ...common, http: setup.http }, logger));
      else if (channel.type === 'teams') sinks.push(new TeamsSink({ ...common, http: setup.http }, logger));
      else {
        const secret = await setup.secretFor?.(channel);
        sinks.push(new ChannelWebhookSink({ ...common, ...(secret ? { secret: () => secret } : {}) }, logger));
      }
    } catch (error) {
      skipped.push({ channel, reason: errorMessage(error) });
    }
  }
  return { sinks, skipped };
}

/**
 * URLs from the environment, for the CLI: CHANGETRAIL_<ID>_URL, else a webhook channel's `url`
 * from the team config (Slack and Teams URLs are secrets and are never in the config).
 */
export function channelUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<ChannelSinkSetup, 'urlFor' | 'secretFor'> {
  return {
    urlFor: (channel) => channelUrl(channel, env[channelUrlVariable(channel.id)]),
    secretFor: (channel) => env[channelSecretVariable(channel.id)] || undefined,
  };
}
