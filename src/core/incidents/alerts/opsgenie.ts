import * as z from 'zod/mini';
import type { ParsedAlert } from './alertTypes';
import { ENVIRONMENT_KEYS, SYSTEM_KEYS, alertEpoch, isoOf } from './alertTypes';

// Opsgenie webhook integration: the alert action data in the JSON body ("action": "Create", ...).
// https://docs.opsgenie.com/docs/marid-alert-action-data and https://docs.opsgenie.com/v1.0/docs/webhook-integration
/** The body Opsgenie's webhook integration posts for an alert action. */
export const opsgenieWebhookSchema = z.object({
  action: z.string(),
  alert: z.object({
    alertId: z.string(),
    message: z.string(),
    tinyId: z.optional(z.string()),
    alias: z.optional(z.string()),
    entity: z.optional(z.string()),
    tags: z.optional(z.array(z.string())),
    teams: z.optional(z.array(z.string())),
    createdAt: alertEpoch,
    description: z.optional(z.string()),
    details: z.optional(z.record(z.string(), z.string())),
    priority: z.optional(z.string()),
    source: z.optional(z.string()),
  }),
  source: z.optional(z.object({ name: z.optional(z.string()), type: z.optional(z.string()) })),
  integrationId: z.optional(z.string()),
  integrationName: z.optional(z.string()),
});

/** Whether a JSON value looks like an Opsgenie webhook (to pick the parser). */
export function looksLikeOpsgenie(json: unknown): boolean {
  const value = json as { action?: unknown; alert?: { alertId?: unknown } } | null;
  return typeof value?.action === 'string' && typeof value.alert === 'object' && value.alert !== null;
}

/** The alert an Opsgenie webhook describes. Tags such as `service:billing` or `env=production` name the system and environment. */
export function fromOpsgenie(body: z.infer<typeof opsgenieWebhookSchema>): ParsedAlert {
  const { alert } = body;
  const pairs: Record<string, string> = { ...(alert.details ?? {}) };
  for (const tag of alert.tags ?? []) {
    const m = /^([A-Za-z_]+)\s*[:=]\s*(.+)$/.exec(tag);
    if (m && !(m[1] in pairs)) pairs[m[1]] = m[2];
  }
  const find = (keys: readonly string[]) => Object.entries(pairs).find(([k]) => keys.includes(k.toLowerCase() as never))?.[1]?.trim();
  const system = find(SYSTEM_KEYS) ?? (alert.entity?.trim() || undefined);
  const environment = find(ENVIRONMENT_KEYS);
  const priority = alert.priority?.toUpperCase();
  return {
    source: 'opsgenie',
    id: alert.alertId,
    title: alert.message,
    detectedAt: isoOf(alert.createdAt) ?? new Date(0).toISOString(),
    systems: system ? [system] : [],
    ...(environment ? { environment } : {}),
    ...(priority ? { impact: priority === 'P1' ? 'outage' : priority === 'P5' ? 'none' : 'degraded' } : {}),
    resolved: ['close', 'delete'].includes(body.action.toLowerCase()),
    ...(alert.description ? { description: alert.description } : {}),
  };
}
