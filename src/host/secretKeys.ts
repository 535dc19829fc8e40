// The SecretStorage keys ChangeTrail uses, in one place beside the credential code: commands and
// services import them from here, never from each other.

/** The key of a channel's webhook URL (Slack and Teams URLs are secrets; a webhook channel's overrides its config `url`). */
export function channelSecretKey(channelId: string): string {
  return `changetrail.channelUrl.${channelId}`;
}

/** The key of the HMAC secret for a webhook URL (per host, never in settings or the repo). */
export function webhookSecretKey(url: string): string {
  return `changetrail.webhookSecret.${new URL(url).host}`;
}

/** The key of an engine's secret (Jira client secret, GitHub/GitLab token, DevLake API key...). */
export function engineSecretKey(engineId: string, name: string): string {
  return `changetrail.engine.${engineId}.${name}`;
}
