import type { TeamConfig } from '../config/teamConfigSchema';
import { METRIC_DEFINITIONS } from '../metrics/doraBands';
import { latestIncidents } from '../metrics/deploymentOutcomes';
import { keyMetricsOf, prepareMetrics } from '../metrics/keyMetrics';
import { type Period, periodOf, periodsBetween } from '../metrics/periods';
import type { ExportSource } from '../export/auditExport';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../records/changeRecord';
import { ticketUrl } from '../tickets/branchTicketStatus';
import type { BoardChange, BoardDeployment, BoardIndex, BoardIncident, BoardMetrics, BoardMonth } from '../../protocol/boardData';
import { freezeWindows } from './freezeWindows';

/** What a board is built from. */
export interface BoardInput {
  readonly entries: readonly LogEntry[];
  readonly config: TeamConfig;
  readonly sources: readonly ExportSource[];
  readonly commitTimes?: ReadonlyMap<string, number>;
  readonly now: number;
  readonly timeZone: string;
  readonly title?: string;
  /** Weeks and months of metrics (default 26 weeks, 12 months). */
  readonly weeks?: number;
  readonly months?: number;
}

const DIGEST = 'changetrail-digest';

/** The board's index and one document per month of changes and deployments, newest month first. Pure. */
export function buildBoard(input: BoardInput): { index: BoardIndex; months: BoardMonth[] } {
  const changes = input.entries.filter((e): e is ChangeRecord => e.schema === 'changetrail/change');
  const deployments = input.entries.filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.environment !== DIGEST);
  const incidentEntries = input.entries.filter((e): e is IncidentRecord => e.schema === 'changetrail/incident');
  const incidents = latestIncidents(incidentEntries);
  const superseded = new Set(changes.flatMap((c) => (c.supersedes ? [c.supersedes] : [])));
  const current = changes.filter((c) => !superseded.has(c.id));
  const prepared = prepareMetrics({ deployments, changes, incidents, commitTimes: input.commitTimes, now: input.now });
  const outcomes = new Map(prepared.outcomes.map((o) => [o.deployment.id, o]));
  const resolve = prepared.resolve;
  const template = input.config.tickets.urlTemplate;

  const byMonth = new Map<string, BoardMonth>();
  const month = (at: number) => {
    const key = periodOf(at, 'month', input.timeZone).key;
    let m = byMonth.get(key);
    if (!m) byMonth.set(key, (m = { kind: 'month', key, changes: [], deployments: [] }));
    return m;
  };
  for (const c of current) {
    const at = Date.parse(c.changedAt ?? c.createdAt);
    month(at).changes.push(boardChange(c, at, template));
  }
  for (const d of deployments) {
    const at = Date.parse(d.createdAt);
    month(at).deployments.push(boardDeployment(d, at, resolve, outcomes.get(d.id)?.failures ?? []));
  }
  const months = [...byMonth.values()].sort((a, b) => (a.key < b.key ? 1 : -1));
  for (const m of months) {
    m.changes.sort((a, b) => b.at - a.at);
    m.deployments.sort((a, b) => b.at - a.at);
  }

  const environments = orderedEnvironments(input.config.environments, [...deployments.map((d) => d.environment), ...current.map((c) => c.environment)]);
  const systems = [...new Set([...input.config.systems.map((s) => s.name), ...current.flatMap((c) => c.systems.map((s) => s.name))])].sort((a, b) => a.localeCompare(b));
  const periods = [
    ...lastPeriods(input.now, 'week', input.weeks ?? 26, input.timeZone),
    ...lastPeriods(input.now, 'month', input.months ?? 12, input.timeZone),
  ];
  // keyMetricsOf looks at the changes and deployments of its period only: hand it that slice, so the
  // hundreds of periods and scopes of a board cost the period's entries, not the whole log each.
  const currentByTime = [...prepared.current].sort((a, b) => a.at - b.at);
  const outcomeList = [...prepared.outcomes].sort((a, b) => a.at - b.at);
  const metrics: BoardMetrics[] = [];
  for (const period of periods) {
    const scoped = { ...prepared, current: within(currentByTime, period.start, period.end), outcomes: within(outcomeList, period.start, period.end) };
    for (const environment of environments) {
      for (const system of [undefined, ...systems]) {
        const m = keyMetricsOf(scoped, period, { environment, system });
        if (system && m.deployments === 0 && m.changes === 0) continue; // keeps the file small: nothing to show
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
  const index: BoardIndex = {
    kind: 'index',
    schema: 'changetrail/board',
    version: 1,
    title: input.title ?? 'ChangeTrail change board',
    generatedAt: input.now,
    timeZone: input.timeZone,
    environments,
    systems,
    months: months.map((m) => ({ key: m.key, file: `data/month-${m.key}.js`, changes: m.changes.length, deployments: m.deployments.length })),
    freezeWindows: freezeWindows(input.config, environments, input.now - 120 * 86_400_000, input.now + 14 * 86_400_000),
    incidents: incidents.map(boardIncident).sort((a, b) => b.detectedAt - a.detectedAt),
    metrics,
    definitions: METRIC_DEFINITIONS.map((d) => ({ metric: d.metric, definition: d.definition, bands: d.bands.map((b) => ({ band: b.band, label: b.label })) })),
    sources: input.sources.map((s) => ({ ...s })),
  };
  return { index, months };
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

function orderedEnvironments(configured: readonly string[], seen: readonly string[]): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  for (const e of [...configured, ...seen]) {
    const key = e.trim().toLowerCase();
    if (!key || keys.has(key)) continue;
    keys.add(key);
    out.push(key);
  }
  return out;
}

function person(p: { name: string; email: string }): string {
  return p.name || p.email;
}

function boardChange(c: ChangeRecord, at: number, template: string | undefined): BoardChange {
  return {
    id: c.id,
    at,
    environment: c.environment.trim().toLowerCase(),
    systems: c.systems.map((s) => s.name),
    title: c.title,
    description: c.description,
    reason: c.reason,
    who: person(c.author),
    rollbackPlan: c.rollbackPlan,
    tickets: c.tickets.map((key) => {
      const url = ticketUrl(key, template);
      return url ? { key, url } : { key };
    }),
    risk: c.riskFlags.map((f) => ({ id: f.id, severity: f.severity, message: f.message })),
    ...(c.freezeOverride ? { freezeOverride: c.freezeOverride.reason } : {}),
    commits: c.commits.map((k) => ({ sha: k.sha, subject: k.subject })),
    manual: c.origin === 'manual',
    ...(c.runbook ? { runbook: c.runbook } : {}),
    ...(c.escalation ? { escalation: c.escalation } : {}),
    ...(c.repository ? { repository: c.repository } : {}),
  };
}

function boardDeployment(d: DeploymentRecord, at: number, resolve: ReadonlyMap<string, ChangeRecord>, failures: readonly string[]): BoardDeployment {
  return {
    id: d.id,
    at,
    environment: d.environment.trim().toLowerCase(),
    commit: d.commit,
    ...(d.previousCommit ? { previousCommit: d.previousCommit } : {}),
    by: person(d.by),
    changes: d.records.map((id) => resolve.get(id)?.id ?? id),
    rollback: d.kind === 'rollback',
    ...(d.rollsBack ? { rollsBack: d.rollsBack } : {}),
    ...(d.incident ? { incident: d.incident } : {}),
    failures: [...failures],
    ...(d.freezeOverride ? { freezeOverride: d.freezeOverride.reason } : {}),
  };
}

function boardIncident(i: IncidentRecord): BoardIncident {
  return {
    id: i.incidentId,
    title: i.title,
    environment: i.environment.trim().toLowerCase(),
    systems: i.systems,
    detectedAt: Date.parse(i.detectedAt),
    ...(i.resolvedAt ? { resolvedAt: Date.parse(i.resolvedAt) } : {}),
    impact: i.impact,
    level: i.level,
    status: i.status,
    ...(i.cause?.summary || i.cause?.kind ? { cause: i.cause.summary ?? i.cause.kind } : {}),
    ...(i.cause?.deployment ? { causeDeployment: i.cause.deployment } : {}),
    ...(i.fix ? { fix: i.fix } : {}),
    ...(i.lessons ? { lessons: i.lessons } : {}),
    followUps: i.followUps ?? [],
  };
}
