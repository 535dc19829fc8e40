import * as z from 'zod/mini';
import type { ParsedAlert } from './alertTypes';
import { alertTime, isoOf } from './alertTypes';

// PagerDuty v3 webhook payload: one `event` per request, the incident under event.data.
// https://developer.pagerduty.com/docs/webhooks-overview (source: github.com/PagerDuty/developer-docs, docs/webhooks/01-Overview.md)
const reference = z.object({ id: z.string(), summary: z.optional(z.string()), html_url: z.optional(z.string()) });
const incident = z.object({
  id: z.string(),
  type: z.literal('incident'),
  html_url: z.optional(z.string()),
  number: z.optional(z.number()),
  status: z.string(),
  created_at: alertTime,
  title: z.string(),
  service: z.optional(reference),
  priority: z.optional(z.nullable(reference)),
  urgency: z.optional(z.string()),
  teams: z.optional(z.array(reference)),
});
/** The v3 webhook body of an incident event (incident.triggered, .acknowledged, .resolved...). */
export const pagerDutyWebhookSchema = z.object({
  event: z.object({
    id: z.string(),
    event_type: z.string().check(z.regex(/^incident\./, 'an incident event (incident.triggered, ...)')),
    resource_type: z.literal('incident'),
    occurred_at: alertTime,
    data: incident,
  }),
});

/** Whether a JSON value looks like a PagerDuty v3 webhook (to pick the parser). */
export function looksLikePagerDuty(json: unknown): boolean {
  const event = (json as { event?: { event_type?: unknown } } | null)?.event;
  return typeof event?.event_type === 'string';
}

/** The alert a PagerDuty v3 incident event describes. */
export function fromPagerDuty(body: z.infer<typeof pagerDutyWebhookSchema>): ParsedAlert {
  const { event } = body;
  const data = event.data;
  const priority = data.priority?.summary?.toUpperCase();
  const impact = priority === 'P1' || (data.urgency === 'high' && priority === undefined) ? 'outage' : 'degraded';
  return {
    source: 'pagerduty',
    id: data.id,
    ...(data.html_url ? { url: data.html_url } : {}),
    title: data.title,
    detectedAt: isoOf(data.created_at) ?? isoOf(event.occurred_at) ?? event.occurred_at,
    systems: data.service?.summary ? [data.service.summary] : [],
    impact,
    resolved: data.status === 'resolved' || event.event_type === 'incident.resolved',
  };
}
