import { h, replace, select } from '../dom';
import { day, short, when } from '../format';
import type { BoardStore } from '../store';

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;

function s(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The first few change titles of a deployment, and how many more. */
function titles(list: readonly string[]): string {
  if (list.length === 0) return 'no change record';
  return list.length <= 5 ? list.join('; ') : `${list.slice(0, 5).join('; ')}; and ${list.length - 5} more`;
}

/** Per environment: deployments, rollbacks and incidents on a time axis, freeze windows shaded, then the same as a list. */
export function timelinePage(root: HTMLElement, store: BoardStore): void {
  const index = store.index;
  if (!index) return;
  const state = { days: '14' };
  const view = h('div', { id: 'timeline-view' });
  replace(
    root,
    h('h2', {}, 'Timeline'),
    h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, select('Show', 'timeline-days', [['7', 'last 7 days'], ['14', 'last 14 days'], ['30', 'last 30 days'], ['90', 'last 90 days']], state.days, (v) => ((state.days = v), draw()))),
    h('p', { class: 'legend' }, h('span', { class: 'key deploy' }, '●'), ' deployment ', h('span', { class: 'key rollback' }, '▲'), ' rollback ', h('span', { class: 'key incident' }, '■'), ' incident ', h('span', { class: 'key freeze' }, '▮'), ' freeze window'),
    view,
  );
  store.onChange(() => draw());
  draw();

  function draw(): void {
    if (!index) return;
    const end = index.generatedAt;
    const start = end - Number(state.days) * DAY;
    const width = 900;
    const lane = 56;
    const left = 110;
    const x = (t: number) => left + ((t - start) / (end - start)) * (width - left - 10);
    const svg = s('svg', { viewBox: `0 0 ${width} ${lane * index.environments.length + 30}`, role: 'img', 'aria-label': `Deployments, rollbacks, incidents and freeze windows of the last ${state.days} days` });
    index.environments.forEach((env, i) => {
      const y = i * lane + 10;
      svg.append(s('text', { x: 4, y: y + lane / 2, class: 'lane-label' }, env));
      svg.append(s('line', { x1: left, x2: width - 10, y1: y + lane / 2, y2: y + lane / 2, class: 'lane' }));
      for (const f of index.freezeWindows.filter((w) => w.environment === env && w.to > start && w.from < end)) {
        const rect = s('rect', { x: x(Math.max(f.from, start)), y, width: Math.max(1, x(Math.min(f.to, end)) - x(Math.max(f.from, start))), height: lane - 8, class: 'freeze' });
        rect.append(s('title', {}, `Freeze: ${f.label}`));
        svg.append(rect);
      }
      for (const inc of index.incidents.filter((n) => n.environment === env && (n.resolvedAt ?? end) > start && n.detectedAt < end)) {
        const rect = s('rect', { x: x(Math.max(inc.detectedAt, start)), y: y + lane / 2 + 6, width: Math.max(3, x(Math.min(inc.resolvedAt ?? end, end)) - x(Math.max(inc.detectedAt, start))), height: 8, class: 'incident' });
        rect.append(s('title', {}, `Incident: ${inc.title} (${inc.impact}, level ${inc.level})`));
        svg.append(rect);
      }
      for (const d of store.deployments().filter((d) => d.environment === env && d.at >= start && d.at <= end)) {
        const cx = x(d.at);
        const cy = y + lane / 2;
        const mark = d.rollback ? s('path', { d: `M${cx} ${cy - 7} L${cx + 7} ${cy + 6} L${cx - 7} ${cy + 6} Z`, class: 'rollback' }) : s('circle', { cx, cy, r: 5, class: d.failures.length > 0 ? 'deploy failed' : 'deploy' });
        mark.append(s('title', {}, `${when(d.at)} ${d.rollback ? 'rollback' : 'deployment'} of ${short(d.commit)} by ${d.by}${d.failures.length ? ` (${d.failures.join(', ')})` : ''}`));
        svg.append(mark);
      }
    });
    for (let t = Math.ceil(start / DAY) * DAY; t <= end; t += Math.max(1, Math.round(Number(state.days) / 7)) * DAY) {
      svg.append(s('text', { x: x(t), y: lane * index.environments.length + 24, class: 'tick' }, day(t)));
    }
    const items = [
      ...store.deployments().filter((d) => d.at >= start && d.at <= end).map((d) => ({ at: d.at, text: `${d.environment}: ${d.rollback ? 'rollback to' : 'deployed'} ${short(d.commit)} by ${d.by} — ${titles(d.changes.map((id) => store.change(id)?.title ?? id))}${d.failures.length ? ` [${d.failures.join(', ')}]` : ''}` })),
      ...index.incidents.filter((n) => n.detectedAt >= start && n.detectedAt <= end).map((n) => ({ at: n.detectedAt, text: `${n.environment}: incident "${n.title}" (${n.impact}, level ${n.level}, ${n.status})` })),
    ].sort((a, b) => b.at - a.at);
    replace(view, svg, h('ol', { class: 'timeline-list' }, ...items.map((i) => h('li', {}, h('time', {}, when(i.at)), ' ', i.text))));
  }
}
