import { scrubDeep, toDocument } from './noteDocument';
import type { ChannelContent } from './noteSchema';
import { markdownDocument } from './renderMarkdown';
import { channelSafe, mapStrings } from './safeText';

/**
 * What a generic webhook channel receives: the structured note or digest, the change record ids
 * it covers, and `text` in Markdown, which chat tools that take `{ "text": ... }` (Mattermost,
 * Rocket.Chat, Discord-compatible relays) show as it is.
 */
export interface WebhookPayload {
  readonly schema: 'changetrail/channel-post';
  readonly version: 1;
  readonly kind: 'deployment' | 'digest' | 'incident';
  /** The outbox entry id: the same on every retry, next to the Idempotency-Key header. */
  readonly id?: string;
  readonly summary: string;
  readonly records: readonly string[];
  readonly text: string;
  readonly content: ChannelContent;
}

/** The JSON body for a generic webhook channel. Content is scrubbed of anything that looks like a credential. */
export function renderWebhook(raw: ChannelContent, options: { readonly id?: string } = {}): WebhookPayload {
  // Receivers parse this as UTF-8 JSON: no lone surrogates, no bidi overrides or control characters.
  const content = mapStrings(raw, channelSafe);
  const doc = toDocument(content);
  const records =
    content.schema === 'changetrail/incident-note' ? [content.recordId]
    : content.schema === 'changetrail/deployment-note' ? content.changes.map((c) => c.recordId)
    : [...new Set(content.groups.flatMap((g) => g.items.map((i) => i.recordId)))];
  return {
    schema: 'changetrail/channel-post',
    version: 1,
    kind: doc.kind,
    ...(options.id ? { id: options.id } : {}),
    summary: doc.summary,
    records,
    text: markdownDocument(doc),
    content: scrubDeep(content),
  };
}
