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

/** Whether a URL's hostname is this machine: 127.0.0.0/8, ::1 (also IPv4-mapped 127.x) or localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host) || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(host);
}

/**
 * Why a channel's webhook URL is refused, or undefined when it is fine: https, or plain http only
 * to this machine. The one rule of the sinks (checkChannelUrl) and of "Set Channel Webhook URL...",
 * so what the input box takes is what the sinks post to. The URL is a credential (whoever has it
 * can post): the reason never repeats it, whole or in part.
 */
export function channelUrlProblem(raw: string, what: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return `The ${what} URL is not a URL (it is not shown here: it is a secret)`;
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return undefined;
  // A plain-http host is named: that much is no secret, and it tells which URL was pasted.
  return `The ${what} URL must be https:// (plain http only to this machine), not ${url.protocol}//${url.host}`;
}
