import { createHmac } from 'node:crypto';

/**
 * The Standard Webhooks signature headers (Standard Webhooks specification 1.0.0, "Signature
 * scheme" and "Webhook headers": https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
 * `webhook-id` (the same on every retry; it must hold no "."), `webhook-timestamp` (Unix seconds
 * of this attempt) and `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`.
 * A secret in the spec's form `whsec_<base64>` is used as the decoded bytes, so receivers can
 * verify with the spec's libraries; any other secret is used as its UTF-8 bytes (for those
 * libraries, pass it as `whsec_` + its base64).
 */
export function standardWebhookHeaders(secret: string, id: string, timestampSeconds: number, body: Buffer): Record<string, string> {
  if (id.includes('.')) throw new Error(`webhook-id must not contain ".": ${id}`);
  const signed = Buffer.concat([Buffer.from(`${id}.${timestampSeconds}.`, 'utf8'), body]);
  const signature = createHmac('sha256', webhookKey(secret)).update(signed).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${signature}` };
}

/** The HMAC key of a secret: the base64-decoded bytes of `whsec_<base64>`, else the text's UTF-8 bytes. */
export function webhookKey(secret: string): Buffer {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret.trim());
  return match ? Buffer.from(match[1], 'base64') : Buffer.from(secret, 'utf8');
}
