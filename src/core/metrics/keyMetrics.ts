import type { ChangeRecord, DeploymentRecord, IncidentRecord } from '../records/changeRecord';
import { type Band, failureRateBand, frequencyBand, leadTimeBand, restoreBand } from './doraBands';
import { type DeploymentOutcome, changeResolver, deploymentOutcomes, envKey, latestIncidents } from './deploymentOutcomes';
import type { Period } from './periods';
import { outageMs } from './uptime';
import { supersedesEffectively } from '../records/index/incidentStates';

/** Below these counts a number is shown with a warning that it means little. */
export const MIN_DEPLOYMENTS = 5;
export const MIN_SAMPLES = 3;

/** What the metrics are computed from: every entry of the logs (all environments, all time). */
export interface MetricsInput {
  readonly deployments: readonly DeploymentRecord[];
  readonly changes: readonly ChangeRecord[];
  readonly incidents: readonly IncidentRecord[];
  /** Commit time (epoch ms) by full sha, for lead time; shas missing here are left out of it. */
  readonly commitTimes?: ReadonlyMap<string, number>;
  /** "Now", from the one clock: an incident still open counts as down until now. */
  readonly now: number;
}

export interface MetricsScope {
  readonly environment: string;
  /** Only deployments carrying a change to this system, and incidents naming it. */
  readonly system?: string;
}

/** A number with its band and, when it rests on too little data, why it means little. */
export interface Measured {
  readonly value: number | null;
  readonly band?: Band;
  readonly sample: number;
  readonly note?: string;
}

/** The four key metrics plus uptime and the team's own risk counts for one period and scope. */
export interface KeyMetrics {
  readonly period: Period;
  readonly environment: string;
  readonly system?: string;
  readonly deployments: number;
  readonly rollbacks: number;
  readonly failedDeployments: number;
  /** Deployments per week. */
  readonly deploymentFrequency: Measured;
  /** 0..1 */
  readonly changeFailureRate: Measured;
  /** Median ms. */
  readonly timeToRestore: Measured;
  /** Median ms. */
  readonly leadTime: Measured;
  /** 0..1 */
  readonly uptime: Measured;
  readonly changes: number;
  readonly changesWithoutRollbackPlan: number;
  readonly freezeOverrides: number;
}

/** The work every period shares, done once: outcomes, latest incidents, current changes, first deployments. */
export interface PreparedMetrics {
  readonly input: MetricsInput;
  readonly outcomes: readonly DeploymentOutcome[];
  readonly incidents: readonly IncidentRecord[];
  readonly current: readonly { readonly change: ChangeRecord; readonly at: number }[];
  readonly leads: readonly { readonly env: string; readonly deploymentId: string; readonly ms: number }[];
  /** Every change record id (amended ones too) to the record's current version, built once. */
  readonly resolve: ReadonlyMap<string, ChangeRecord>;
}

/** Prepares `input` for many keyMetricsOf calls (a board computes hundreds of periods and scopes). */
export function prepareMetrics(input: MetricsInput): PreparedMetrics {
  // The index's rule (supersedesEffectively): a record naming itself, or a hand-edited loop, does not take records off.
  const byId = new Map(input.changes.map((c) => [c.id, c]));
  const superseded = new Set(input.changes.flatMap((c) => {
    const older = c.supersedes === undefined ? undefined : byId.get(c.supersedes);
    return older && supersedesEffectively(c, older, (id) => byId.get(id)) ? [older.id] : [];
  }));
  const resolve = changeResolver(input.changes);
  return {
    input,
    resolve,
    outcomes: deploymentOutcomes(input.deployments, input.changes, input.incidents, resolve),
    incidents: latestIncidents(input.incidents),
    current: input.changes.filter((c) => !superseded.has(c.id)).map((change) => ({ change, at: Date.parse(change.changedAt ?? change.createdAt) })),
    leads: leadTimes(input, resolve),
  };
}

/** The key metrics of one period, for one environment (and optionally one system). Pure. */
export function keyMetrics(input: MetricsInput, period: Period, scope: MetricsScope): KeyMetrics {
  return keyMetricsOf(prepareMetrics(input), period, scope);
}

/** keyMetrics over prepared input. */
export function keyMetricsOf(prepared: PreparedMetrics, period: Period, scope: MetricsScope): KeyMetrics {
  const input = prepared.input;
  const env = envKey(scope.environment);
  const system = scope.system?.trim().toLowerCase();
  const incidents = prepared.incidents.filter(
    (i) => envKey(i.environment) === env && (!system || i.systems.some((s) => s.toLowerCase() === system)),
  );
  const inPeriod = (at: number) => at >= period.start && at < period.end;
  const outcomes = prepared.outcomes.filter(
    (o) => o.environment === env && (!system || o.systems.some((s) => s.toLowerCase() === system)),
  );
  const mine = outcomes.filter((o) => inPeriod(o.at));
  const deploys = mine.filter((o) => !o.isRollback);
  const failed = deploys.filter((o) => o.failures.length > 0);
  // A period still running is measured over the part that has passed, as uptime is: 4 deployments
  // in the first 2 days of a month are 14 a week, not 0.9 (the whole month's weeks).
  const elapsed = Math.min(period.end, input.now) - period.start;
  const weeks = elapsed / (7 * 86_400_000);
  const running = input.now < period.end;
  const frequency = weeks > 0 ? deploys.length / weeks : null;
  const deploymentFrequency: Measured = {
    value: frequency,
    band: frequency === null ? undefined : frequencyBand(frequency),
    sample: deploys.length,
    note:
      frequency === null
        ? 'the period has not started'
        : deploys.length === 0
          ? 'no deployments in this period'
          : running
            ? `the period is not over: ${deploys.length} deployment${deploys.length === 1 ? '' : 's'} in its first ${(elapsed / 86_400_000).toFixed(1)} days`
            : undefined,
  };
  const rate = deploys.length > 0 ? failed.length / deploys.length : null;
  const changeFailureRate: Measured = {
    value: rate,
    band: rate === null ? undefined : failureRateBand(rate),
    sample: deploys.length,
    note: deploys.length < MIN_DEPLOYMENTS ? `only ${deploys.length} deployment${deploys.length === 1 ? '' : 's'}: too few for a rate` : undefined,
  };

  const restores = [
    ...incidents.filter((i) => i.resolvedAt && inPeriod(Date.parse(i.resolvedAt))).map((i) => Date.parse(i.resolvedAt as string) - Date.parse(i.detectedAt)),
    ...failed.filter((o) => o.restoredAt !== undefined).map((o) => (o.restoredAt as number) - o.at),
  ].filter((ms) => ms >= 0);
  const restore = median(restores);
  const timeToRestore: Measured = {
    value: restore,
    band: restore === null ? undefined : restoreBand(restore),
    sample: restores.length,
    note: restores.length === 0 ? 'nothing was restored in this period' : restores.length < MIN_SAMPLES ? `only ${restores.length} restore${restores.length === 1 ? '' : 's'}` : undefined,
  };

  const mineIds = new Set(deploys.map((o) => o.deployment.id));
  const leads = prepared.leads.filter((l) => l.env === env && mineIds.has(l.deploymentId)).map((l) => l.ms);
  const lead = median(leads);
  const leadTime: Measured = {
    value: lead,
    band: lead === null ? undefined : leadTimeBand(lead),
    sample: leads.length,
    note: leads.length === 0 ? 'no deployed change with known commit times' : leads.length < MIN_SAMPLES ? `only ${leads.length} change${leads.length === 1 ? '' : 's'}` : undefined,
  };

  const end = Math.min(period.end, input.now);
  const length = end - period.start;
  const down = outageMs(incidents, period.start, end, input.now);
  const uptime: Measured = {
    value: length > 0 ? 1 - down / length : null,
    sample: incidents.filter((i) => i.impact === 'outage').length,
    note: length <= 0 ? 'the period has not started' : undefined,
  };

  const changes = prepared.current
    .filter(({ change, at }) => at >= period.start && at < period.end && envKey(change.environment) === env && (!system || change.systems.some((s) => s.name.toLowerCase() === system)))
    .map(({ change }) => change);
  return {
    period,
    environment: env,
    system: scope.system,
    deployments: deploys.length,
    rollbacks: mine.length - deploys.length,
    failedDeployments: failed.length,
    deploymentFrequency,
    changeFailureRate,
    timeToRestore,
    leadTime,
    uptime,
    changes: changes.length,
    changesWithoutRollbackPlan: changes.filter((c) => c.rollbackPlan.trim() === '').length,
    freezeOverrides: changes.filter((c) => c.freezeOverride).length + mine.filter((o) => o.deployment.freezeOverride).length,
  };
}

/** Lead time of each change at its first deployment to each environment: its first commit to that deployment. */
function leadTimes(input: MetricsInput, resolve: ReadonlyMap<string, ChangeRecord>): { env: string; deploymentId: string; ms: number }[] {
  if (!input.commitTimes || input.commitTimes.size === 0) return [];
  const sorted = input.deployments
    .filter((d) => d.kind !== 'rollback')
    .map((d) => ({ d, at: Date.parse(d.createdAt), env: envKey(d.environment) }))
    .sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: { env: string; deploymentId: string; ms: number }[] = [];
  for (const { d, at, env } of sorted) {
    for (const id of d.records) {
      const change = resolve.get(id);
      if (!change) continue;
      const key = `${env}\0${change.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const times = change.commits.map((c) => input.commitTimes?.get(c.sha)).filter((t): t is number => t !== undefined);
      if (times.length > 0) out.push({ env, deploymentId: d.id, ms: Math.max(0, at - Math.min(...times)) });
    }
  }
  return out;
}

/** The median of `values`, or null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
