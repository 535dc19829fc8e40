import { csvDocument } from '../export/csv';
import { METRIC_DEFINITIONS } from './doraBands';
import type { KeyMetrics, Measured } from './keyMetrics';

const HOUR = 3_600_000;

/** A duration for people: minutes, hours or days. */
export function humanDuration(ms: number): string {
  if (ms < HOUR) return `${Math.round(ms / 60_000)} min`;
  if (ms < 48 * HOUR) return `${(ms / HOUR).toFixed(1).replace(/\.0$/, '')} h`;
  return `${(ms / (24 * HOUR)).toFixed(1).replace(/\.0$/, '')} days`;
}

function show(m: Measured, format: (v: number) => string): string {
  const value = m.value === null ? 'n/a' : format(m.value);
  const band = m.band ? ` (${m.band})` : '';
  const note = m.note ? ` — ${m.note}` : '';
  return `${value}${band}${note}`;
}

const pct = (v: number) => `${(v * 100).toFixed(1).replace(/\.0$/, '')} %`;
const uptimePct = (v: number) => `${(v * 100).toFixed(3)} %`;
const perWeek = (v: number) => `${v.toFixed(2).replace(/\.?0+$/, '')} a week`;

/** The lines of a report: label and shown value, in the order every format uses. */
export function reportLines(m: KeyMetrics): [string, string][] {
  return [
    ['Deployment frequency', `${show(m.deploymentFrequency, perWeek)} (${m.deployments} deployment${m.deployments === 1 ? '' : 's'}, ${m.rollbacks} rollback${m.rollbacks === 1 ? '' : 's'})`],
    ['Change failure rate', `${show(m.changeFailureRate, pct)} (${m.failedDeployments} failed)`],
    ['Time to restore', show(m.timeToRestore, humanDuration)],
    ['Lead time for changes', show(m.leadTime, humanDuration)],
    ['Uptime', show(m.uptime, uptimePct)],
    ['Changes', String(m.changes)],
    ['Changes without a rollback plan', String(m.changesWithoutRollbackPlan)],
    ['Freeze overrides', String(m.freezeOverrides)],
  ];
}

function title(m: KeyMetrics): string {
  return `ChangeTrail metrics ${m.period.key} — ${m.environment}${m.system ? ` / ${m.system}` : ''} (${m.period.timeZone})`;
}

/** The monthly report as plain text, Markdown, JSON or CSV. */
export function renderMetrics(reports: readonly KeyMetrics[], format: 'text' | 'md' | 'json' | 'csv'): string {
  if (format === 'json') return JSON.stringify({ definitions: METRIC_DEFINITIONS, reports }, null, 2);
  if (format === 'csv') {
    const header = ['period', 'environment', 'system', 'deployments', 'rollbacks', 'failed_deployments', 'deployments_per_week', 'change_failure_rate', 'time_to_restore_hours', 'lead_time_hours', 'uptime', 'changes', 'changes_without_rollback_plan', 'freeze_overrides', 'notes'];
    const hours = (v: number | null) => (v === null ? '' : (v / HOUR).toFixed(2));
    const rows = reports.map((m) => [
      m.period.key, m.environment, m.system ?? '', m.deployments, m.rollbacks, m.failedDeployments,
      (m.deploymentFrequency.value ?? 0).toFixed(3), m.changeFailureRate.value === null ? '' : m.changeFailureRate.value.toFixed(4),
      hours(m.timeToRestore.value), hours(m.leadTime.value), m.uptime.value === null ? '' : m.uptime.value.toFixed(6),
      m.changes, m.changesWithoutRollbackPlan, m.freezeOverrides,
      [m.deploymentFrequency, m.changeFailureRate, m.timeToRestore, m.leadTime, m.uptime].flatMap((x) => (x.note ? [x.note] : [])).join('; '),
    ]);
    return csvDocument(header, rows);
  }
  if (format === 'md') {
    return reports
      .map((m) => [`## ${title(m)}`, '', '| Metric | Value |', '| --- | --- |', ...reportLines(m).map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join('\n'))
      .concat(['', '_Bands: 2023 Accelerate State of DevOps Report (DORA). A note after a value says when it rests on too little data._'])
      .join('\n\n');
  }
  return reports
    .map((m) => {
      const lines = reportLines(m);
      const width = Math.max(...lines.map(([k]) => k.length));
      return [title(m), ...lines.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
    })
    .join('\n\n');
}
