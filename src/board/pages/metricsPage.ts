import uPlot from 'uplot';
import type { BoardMetrics } from '../../protocol/boardData';
import { h, replace, select } from '../dom';
import { duration } from '../format';
import type { BoardStore } from '../store';

interface Chart {
  readonly metric: string;
  readonly id: string;
  readonly unit: string;
  readonly value: (m: BoardMetrics) => number | null;
  readonly show: (m: BoardMetrics) => string;
  /** Band edges drawn as dashed lines, in the chart's unit. */
  readonly edges: readonly number[];
  readonly measured: (m: BoardMetrics) => BoardMetrics['uptime'];
}

const HOUR = 3_600_000;
const CHARTS: readonly Chart[] = [
  { metric: 'Deployment frequency', id: 'freq', unit: 'deployments a week', value: (m) => m.deploymentFrequency.value, show: (m) => `${(m.deploymentFrequency.value ?? 0).toFixed(2)} a week (${m.deployments})`, edges: [7, 1, 12 / 52], measured: (m) => m.deploymentFrequency },
  { metric: 'Change failure rate', id: 'cfr', unit: '%', value: (m) => (m.changeFailureRate.value === null ? null : m.changeFailureRate.value * 100), show: (m) => (m.changeFailureRate.value === null ? 'n/a' : `${(m.changeFailureRate.value * 100).toFixed(1)} % (${m.failedDeployments} of ${m.deployments})`), edges: [5, 10, 15], measured: (m) => m.changeFailureRate },
  { metric: 'Time to restore', id: 'ttr', unit: 'hours', value: (m) => (m.timeToRestore.value === null ? null : m.timeToRestore.value / HOUR), show: (m) => (m.timeToRestore.value === null ? 'n/a' : duration(m.timeToRestore.value)), edges: [1, 24, 168], measured: (m) => m.timeToRestore },
  { metric: 'Lead time for changes', id: 'lead', unit: 'hours', value: (m) => (m.leadTime.value === null ? null : m.leadTime.value / HOUR), show: (m) => (m.leadTime.value === null ? 'n/a' : duration(m.leadTime.value)), edges: [24, 168, 744], measured: (m) => m.leadTime },
  { metric: 'Uptime', id: 'uptime', unit: '%', value: (m) => (m.uptime.value === null ? null : m.uptime.value * 100), show: (m) => (m.uptime.value === null ? 'n/a' : `${(m.uptime.value * 100).toFixed(3)} %`), edges: [], measured: (m) => m.uptime },
];

/** The four key metrics plus uptime per week or month, per environment and system, with DORA bands and definitions. */
export function metricsPage(root: HTMLElement, store: BoardStore): void {
  const index = store.index;
  if (!index) return;
  const state = { environment: index.environments.at(-1) ?? 'production', system: '', kind: 'week' as 'week' | 'month' };
  const charts = h('div', { class: 'charts' });
  const counts = h('p', { id: 'metrics-counts' });
  replace(
    root,
    h('h2', {}, 'Metrics'),
    h(
      'form',
      { class: 'controls', onsubmit: (e: Event) => e.preventDefault() },
      select('Environment', 'metrics-env', index.environments.map((e) => [e, e]), state.environment, (v) => ((state.environment = v), draw())),
      select('System', 'metrics-system', [['', 'all systems'], ...index.systems.map((s): [string, string] => [s, s])], '', (v) => ((state.system = v), draw())),
      select('Per', 'metrics-kind', [['week', 'week'], ['month', 'month']], state.kind, (v) => ((state.kind = v as 'week' | 'month'), draw())),
    ),
    counts,
    charts,
    h('h3', {}, 'Definitions'),
    h('dl', { class: 'definitions' }, ...index.definitions.flatMap((d) => [h('dt', {}, d.metric), h('dd', {}, d.definition)])),
    h('p', { class: 'note' }, 'Bands: 2023 Accelerate State of DevOps Report (DORA) performance clusters. A note after a value says when it rests on too little data to mean much.'),
  );
  draw();

  function draw(): void {
    const rows = (index?.metrics ?? [])
      .filter((m) => m.kind === state.kind && m.environment === state.environment && (m.system ?? '') === state.system)
      .sort((a, b) => a.start - b.start);
    const latest = lastComplete(rows, index?.generatedAt ?? Date.now());
    counts.textContent = latest
      ? `${latest.period}: ${latest.changes} changes, ${latest.changesWithoutRollbackPlan} without a rollback plan, ${latest.freezeOverrides} freeze override${latest.freezeOverrides === 1 ? '' : 's'}.`
      : 'No data for this choice.';
    replace(charts, ...CHARTS.map((chart) => chartBlock(chart, rows, latest)));
  }
}

/** The newest period that has ended: a week that began this morning says nothing yet. */
function lastComplete(rows: readonly BoardMetrics[], now: number): BoardMetrics | undefined {
  const ended = rows.filter((_row, i) => (rows[i + 1]?.start ?? Number.POSITIVE_INFINITY) <= now);
  return ended.at(-1) ?? rows.at(-1);
}

function chartBlock(chart: Chart, rows: readonly BoardMetrics[], latest: BoardMetrics | undefined): HTMLElement {
  const measured = latest ? chart.measured(latest) : undefined;
  const definition = CHART_BANDS[chart.id];
  const plot = h('div', { class: 'plot', id: `chart-${chart.id}`, role: 'img', 'aria-label': `${chart.metric} per period: ${rows.map((r) => `${r.period} ${chart.show(r)}`).join('; ')}` });
  const block = h(
    'section',
    { class: 'chart' },
    h('h3', {}, chart.metric),
    h('p', { class: 'current' }, latest ? `${latest.period}: ${chart.show(latest)}` : 'n/a', measured?.band ? h('span', { class: `badge band-${measured.band}` }, measured.band) : null),
    measured?.note ? h('p', { class: 'note' }, measured.note) : null,
    plot,
    definition ? h('p', { class: 'bands' }, definition) : null,
  );
  if (rows.length > 0) queueMicrotask(() => drawPlot(plot, chart, rows));
  return block;
}

const CHART_BANDS: Record<string, string> = {
  freq: 'Elite: several a day · High: daily to weekly · Medium: weekly to monthly · Low: monthly or less',
  cfr: 'Elite: 5 % or less · High: 10 % · Medium: 15 % · Low: more',
  ttr: 'Elite: under an hour · High: under a day · Medium: up to a week · Low: more',
  lead: 'Elite: under a day · High: up to a week · Medium: up to a month · Low: more',
};

function drawPlot(el: HTMLElement, chart: Chart, rows: readonly BoardMetrics[]): void {
  const style = getComputedStyle(document.documentElement);
  const ink = style.getPropertyValue('--ink').trim() || '#222';
  const accent = style.getPropertyValue('--accent').trim() || '#0b62d6';
  const muted = style.getPropertyValue('--muted').trim() || '#888';
  const xs = rows.map((r) => r.start / 1000);
  const ys = rows.map((r) => chart.value(r));
  const data: uPlot.AlignedData = [xs, ys, ...chart.edges.map((e) => xs.map(() => e))];
  const axis = { stroke: ink, grid: { stroke: muted, width: 0.5 }, ticks: { stroke: muted } };
  // eslint-disable-next-line no-new
  new uPlot(
    {
      width: Math.max(280, Math.min(560, el.clientWidth || 560)),
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min ?? 0), Math.max(max ?? 1, ...chart.edges.slice(0, 2)) * 1.1 || 1] } },
      axes: [axis, { ...axis, label: chart.unit, labelGap: 4, size: 56 }],
      series: [
        {},
        { label: chart.metric, stroke: accent, width: 2, fill: `${accent}22`, points: { show: true, size: 5 } },
        ...chart.edges.map(() => ({ stroke: muted, width: 1, dash: [4, 4], points: { show: false } })),
      ],
    },
    data,
    el,
  );
}
