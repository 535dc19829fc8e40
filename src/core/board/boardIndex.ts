import type { TeamConfig } from '../config/teamConfigSchema';
import type { ExportSource } from '../export/auditExport';
import { METRIC_DEFINITIONS } from '../metrics/doraBands';
import { latestIncidents } from '../metrics/deploymentOutcomes';
import { type PreparedMetrics, keyMetricsOf, prepareMetrics } from '../metrics/keyMetrics';
import { type Period, periodOf, periodsBetween } from '../metrics/periods';
import type { ChangeRecord, DeploymentRecord, IncidentRecord } from '../records/changeRecord';
import type { BoardIndex, BoardMetrics } from '../../protocol/boardData';
import { boardIncident } from './boardDocuments';
import { freezeWindows } from './freezeWindows';

/** What the board's index document says besides the numbers. */
export interface BoardIndexInput {
  readonly config: TeamConfig;
  /** The logs read; `skipped`: lines of it that could not be read. */
  readonly sources: readonly (ExportSource & { readonly skipped?: number })[];
  readonly now: number;
  readonly timeZone: string;
  readonly title?: string;
}

/** What the metrics are computed from: prepared input, and the changes' counts when they are kept as facts. */
export interface MetricsSource {
  /** Outcomes, latest incidents, lead times; `current` may be empty when `changeCounts` answers for the changes. */
  readonly prepared: PreparedMetrics;
  /** Environments of the deployments, then of the current changes, in the order seen. */
  readonly environmentsSeen: readonly string[];
  readonly systemsSeen: readonly string[];
  readonly changeCounts?: (period: Period, environment: string, system: string | undefined) => ChangeCounts;
}

/** The change counts of one period and scope. */
export interface ChangeCounts {
  readonly changes: number;
  readonly withoutRollbackPlan: number;
  readonly freezeOverrides: number;
}

/** The month list of the index, newest first. */
export type BoardMonthList = BoardIndex['months'];

/** The metrics source of whole records (the editor's panel, tests). */
export function metricsSourceOf(changes: readonly ChangeRecord[], deployments: readonly DeploymentRecord[], incidentEntries: readonly IncidentRecord[], commitTimes: ReadonlyMap<string, number> | undefined, now: number): MetricsSource {
  const prepared = prepareMetrics({ deployments, changes, incidents: latestIncidents(incidentEntries), commitTimes, now });
  const current = prepared.current.map((c) => c.change);
  return {
    prepared,
    environmentsSeen: [...deployments.map((d) => d.environment), ...current.map((c) => c.environment)],
    systemsSeen: current.flatMap((c) => c.systems.map((s) => s.name)),
  };
}

/** The periods a board shows metrics for: the last `weeks` weeks and `months` months up to now. */
export function boardPeriods(now: number, timeZone: string, weeks = 26, months = 12): Period[] {
  return [...lastPeriods(now, 'week', weeks, timeZone), ...lastPeriods(now, 'month', months, timeZone)];
}

/** The index document (with the month list given). Pure. */
export function boardIndexOf(input: BoardIndexInput, source: MetricsSource, periods: readonly Period[], months: BoardMonthList): BoardIndex {
  const environments = orderedEnvironments(input.config.environments, source.environmentsSeen);
  const systems = [...new Set([...input.config.systems.map((s) => s.name), ...source.systemsSeen])].sort((a, b) => a.localeCompare(b));
  return {
    kind: 'index',
    schema: 'changetrail/board',
    version: 1,
    title: input.title ?? 'ChangeTrail change board',
    generatedAt: input.now,
    timeZone: input.timeZone,
    environments,
    systems,
    months,
    freezeWindows: freezeWindows(input.config, environments, input.now - 120 * 86_400_000, input.now + 14 * 86_400_000),
    incidents: source.prepared.incidents.map(boardIncident).sort((a, b) => b.detectedAt - a.detectedAt),
    metrics: boardMetrics(source, periods, environments, systems),
    definitions: METRIC_DEFINITIONS.map((d) => ({ metric: d.metric, definition: d.definition, bands: d.bands.map((b) => ({ band: b.band, label: b.label })) })),
    sources: input.sources.map((s) => ({ ...s })),
  };
}

function boardMetrics(source: MetricsSource, periods: readonly Period[], environments: readonly string[], systems: readonly string[]): BoardMetrics[] {
  const { prepared, changeCounts } = source;
  // keyMetricsOf looks at the changes and deployments of its period only: hand it that slice, so the
  // hundreds of periods and scopes of a board cost the period's entries, not the whole log each.
  const currentByTime = [...prepared.current].sort((a, b) => a.at - b.at);
  const outcomeList = [...prepared.outcomes].sort((a, b) => a.at - b.at);
  const metrics: BoardMetrics[] = [];
  for (const period of periods) {
    const scoped = { ...prepared, current: within(currentByTime, period.start, period.end), outcomes: within(outcomeList, period.start, period.end) };
    for (const environment of environments) {
      for (const system of [undefined, ...systems]) {
        const measured = keyMetricsOf(scoped, period, { environment, system });
        const counts = changeCounts?.(period, environment, system);
        const m = counts ? { ...measured, changes: counts.changes, changesWithoutRollbackPlan: counts.withoutRollbackPlan, freezeOverrides: measured.freezeOverrides + counts.freezeOverrides } : measured;
        // Keeps the file small: nothing to show. A system with only a rollback or an outage in the
        // period is shown: its uptime and time to restore are what a leader asks of it.
        if (system && m.deployments === 0 && m.rollbacks === 0 && m.changes === 0 && m.timeToRestore.sample === 0 && (m.uptime.value === null || m.uptime.value === 1)) continue;
        metrics.push({
          period: period.key,
          kind: period.kind,
          start: period.start,
          environment,
          ...(system ? { system } : {}),
          deployments: m.deployments,
          rollbacks: m.rollbacks,
          failedDeployments: m.failedDeployments,
          deploymentFrequency: m.deploymentFrequency,
          changeFailureRate: m.changeFailureRate,
          timeToRestore: m.timeToRestore,
          leadTime: m.leadTime,
          uptime: m.uptime,
          changes: m.changes,
          changesWithoutRollbackPlan: m.changesWithoutRollbackPlan,
          freezeOverrides: m.freezeOverrides,
        });
      }
    }
  }
  return metrics;
}

/** The items of `sorted` (by `at`) with start <= at < end. */
function within<T extends { readonly at: number }>(sorted: readonly T[], start: number, end: number): T[] {
  return sorted.slice(firstAtOrAfter(sorted, start), firstAtOrAfter(sorted, end));
}

function firstAtOrAfter(sorted: readonly { readonly at: number }[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lastPeriods(now: number, kind: 'week' | 'month', count: number, timeZone: string): Period[] {
  const newest = periodOf(now, kind, timeZone);
  const back = kind === 'week' ? (count - 1) * 7 * 86_400_000 : (count - 1) * 31 * 86_400_000;
  return periodsBetween(newest.start - back, now, kind, timeZone).slice(-count);
}

/**
 * The configured environments in their order, then the others seen in the logs by name: not by
 * which was met first, which depends on the order the logs are read in (a board of several logs
 * rebuilt from its cache meets them in another order than a fresh build).
 */
function orderedEnvironments(configured: readonly string[], seen: readonly string[]): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  const others = [...new Set(seen.map((e) => e.trim().toLowerCase()))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const e of [...configured, ...others]) {
    const key = e.trim().toLowerCase();
    if (!key || keys.has(key)) continue;
    keys.add(key);
    out.push(key);
  }
  return out;
}
