import { ChangeTrailError } from '../../errors';
import { describeIssues } from '../../records/changeLogReader';
import type { ParsedAlert } from './alertTypes';
import { fromGrafana, grafanaWebhookSchema, looksLikeGrafana } from './grafana';
import { fromOpsgenie, looksLikeOpsgenie, opsgenieWebhookSchema } from './opsgenie';
import { fromPagerDuty, looksLikePagerDuty, pagerDutyWebhookSchema } from './pagerDuty';

interface Vendor {
  readonly name: string;
  readonly looksLike: (json: unknown) => boolean;
  readonly parse: (json: unknown) => { success: true; data: unknown } | { success: false; error: { issues: Parameters<typeof describeIssues>[0] } };
  readonly read: (data: never) => ParsedAlert;
}

const VENDORS: readonly Vendor[] = [
  { name: 'PagerDuty v3 webhook', looksLike: looksLikePagerDuty, parse: (j) => pagerDutyWebhookSchema.safeParse(j), read: fromPagerDuty as (d: never) => ParsedAlert },
  { name: 'Opsgenie webhook', looksLike: looksLikeOpsgenie, parse: (j) => opsgenieWebhookSchema.safeParse(j), read: fromOpsgenie as (d: never) => ParsedAlert },
  { name: 'Grafana Alerting webhook', looksLike: looksLikeGrafana, parse: (j) => grafanaWebhookSchema.safeParse(j), read: fromGrafana as (d: never) => ParsedAlert },
];

/**
 * The alert in a webhook body from PagerDuty (v3), Opsgenie or Grafana Alerting, picked by its
 * shape and validated. Throws ConfigInvalid naming `where` (a file, or stdin) and the first
 * field that does not fit, or saying which shapes are understood.
 */
export function parseAlert(text: string, where: string): ParsedAlert {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ChangeTrailError('ConfigInvalid', `${where}: not JSON (${(error as Error).message})`);
  }
  const vendor = VENDORS.find((v) => v.looksLike(json));
  if (!vendor) {
    throw new ChangeTrailError('ConfigInvalid', `${where}: not an alert ChangeTrail reads: expected a PagerDuty v3 webhook ({"event": ...}), an Opsgenie webhook ({"action": ..., "alert": ...}) or a Grafana Alerting webhook ({"receiver": ..., "alerts": [...]})`);
  }
  const parsed = vendor.parse(json);
  if (!parsed.success) throw new ChangeTrailError('ConfigInvalid', `${where}: looks like a ${vendor.name} but ${describeIssues(parsed.error.issues, json)}`);
  return vendor.read(parsed.data as never);
}
