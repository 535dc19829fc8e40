import type { ChannelConfig } from '../../config/teamConfigSchema';

// Kept apart from channelSinks.ts: the editor's commands import these without loading the sinks.

/**
 * The channels that post through a URL: every kind but e-mail (Slack, Teams and generic webhooks
 * alike). "Set Channel Webhook URL..." offers these, so no kind is left without a way to set it.
 */
export function channelsNeedingUrl(channels: readonly ChannelConfig[]): ChannelConfig[] {
  return channels.filter((c) => c.type !== 'email');
}

/**
 * A channel's URL from where it was stored (SecretStorage in the editor, CHANGETRAIL_<ID>_URL in
 * CI), else a generic webhook channel's `url` in the team config: the editor and the CLI agree.
 */
export function channelUrl(channel: ChannelConfig, stored: string | undefined): string | undefined {
  return stored?.trim() || (channel.type === 'webhook' ? channel.url : undefined);
}
