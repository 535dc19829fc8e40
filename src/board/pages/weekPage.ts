import { h, replace, select } from '../dom';
import { day } from '../format';
import type { BoardStore } from '../store';
import { changeCard } from './whatChangedPage';

const WEEK = 7 * 86_400_000;

/** "This Week in Changes" for any week: the changes grouped by system, for the five-minute review. */
export function weekPage(root: HTMLElement, store: BoardStore): void {
  const index = store.index;
  if (!index) return;
  const weeks = (index.metrics ?? []).filter((m) => m.kind === 'week' && !m.system && m.environment === index.environments.at(-1)).map((m) => ({ key: m.period, start: m.start })).reverse();
  const state = { week: weeks[0]?.key ?? '' };
  const view = h('div', { id: 'week-view' });
  replace(root, h('h2', {}, 'This Week in Changes'), h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, select('Week', 'week-pick', weeks.map((w) => [w.key, `${w.key} (from ${day(w.start)})`]), state.week, (v) => ((state.week = v), draw()))), view);
  store.onChange(() => draw());
  draw();

  function draw(): void {
    const week = weeks.find((w) => w.key === state.week);
    if (!week) {
      replace(view, h('p', { class: 'empty' }, 'No weeks to show yet.'));
      return;
    }
    const changes = store.changes().filter((c) => c.at >= week.start && c.at < week.start + WEEK);
    const groups = new Map<string, typeof changes[number][]>();
    for (const c of changes) for (const s of c.systems.length > 0 ? c.systems : ['Other']) groups.set(s, [...(groups.get(s) ?? []), c]);
    const deployed = store.deployments().filter((d) => d.at >= week.start && d.at < week.start + WEEK);
    replace(
      view,
      h('p', {}, `${changes.length} change${changes.length === 1 ? '' : 's'}, ${deployed.length} deployment${deployed.length === 1 ? '' : 's'} (${deployed.filter((d) => d.rollback).length} rollbacks).`),
      ...[...groups.entries()].sort(([a], [b]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b))).map(([system, list]) => h('section', {}, h('h3', {}, system), ...list.map((c) => changeCard(c, `${c.environment}, ${day(c.at)}`)))),
    );
  }
}
