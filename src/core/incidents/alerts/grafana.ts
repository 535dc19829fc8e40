import * as z from 'zod/mini';
import type { ParsedAlert } from './alertTypes';
import { ENVIRONMENT_KEYS, SYSTEM_KEYS, alertTime, isoOf, labelValue } from './alertTypes';

// Grafana Alerting webhook contact point: a group of alerts with labels and annotations.
// https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/
const labels = z.record(z.string(), z.string());
const alert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: z.optional(labels),
  startsAt: alertTime,
  generatorURL: z.optional(z.string()),
  fingerprint: z.optional(z.string()),
  dashboardURL: z.optional(z.string()),
  panelURL: z.optional(z.string()),
});
/** The body Grafana Alerting's webhook contact point posts. */
export const grafanaWebhookSchema = z.object({
  receiver: z.string(),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(alert).check(z.minLength(1)),
  groupKey: z.optional(z.string()),
  commonLabels: z.optional(labels),
  commonAnnotations: z.optional(labels),
  externalURL: z.optional(z.string()),
  title: z.optional(z.string()),
  message: z.optional(z.string()),
});

/** Whether a JSON value looks like a Grafana (or Alertmanager) webhook (to pick the parser). */
export function looksLikeGrafana(json: unknown): boolean {
  const value = json as { receiver?: unknown; alerts?: unknown } | null;
  return typeof value?.receiver === 'string' || Array.isArray(value?.alerts);
}

/** The alert a Grafana webhook describes: the earliest firing alert of the group, systems from every alert's labels. */
export function fromGrafana(body: z.infer<typeof grafanaWebhookSchema>): ParsedAlert {
  const firing = body.alerts.filter((a) => a.status === 'firing');
  const alerts = firing.length > 0 ? firing : body.alerts;
  const first = [...alerts].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))[0];
  const systems = [...new Set(alerts.map((a) => labelValue(a.labels, SYSTEM_KEYS)).filter((s): s is string => s !== undefined))];
  const environment = labelValue(body.commonLabels ?? first.labels, ENVIRONMENT_KEYS);
  const severity = labelValue(body.commonLabels ?? first.labels, ['severity']);
  const summary = first.annotations?.summary ?? first.labels.alertname ?? body.title ?? body.receiver;
  const url = first.dashboardURL || first.panelURL || first.generatorURL || body.externalURL;
  return {
    source: 'grafana',
    id: body.groupKey ?? first.fingerprint ?? `${body.receiver}:${first.startsAt}`,
    ...(url ? { url } : {}),
    title: first.labels.alertname && first.annotations?.summary ? `${first.labels.alertname}: ${first.annotations.summary}` : summary,
    detectedAt: isoOf(first.startsAt) ?? first.startsAt,
    systems,
    ...(environment ? { environment } : {}),
    ...(severity ? { impact: /crit|page|p1/i.test(severity) ? 'outage' : /info|low/i.test(severity) ? 'none' : 'degraded' } : {}),
    resolved: body.status === 'resolved',
    ...(first.annotations?.description ? { description: first.annotations.description } : {}),
  };
}
