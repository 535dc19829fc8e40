import MiniSearch from 'minisearch';
import type { BoardIncident } from '../../protocol/boardData';
import { h, replace } from '../dom';
import { duration, when } from '../format';
import type { BoardStore } from '../store';

/** Incidents and their lessons, newest first, searchable by title, cause, fix and lessons. */
export function incidentsPage(root: HTMLElement, store: BoardStore): void {
  const index = store.index;
  if (!index) return;
  const engine = new MiniSearch<BoardIncident>({
    fields: ['title', 'cause', 'lessons', 'fix', 'systemNames'],
    extractField: (doc, field) => (field === 'systemNames' ? doc.systems.join(' ') : String((doc as unknown as Record<string, unknown>)[field] ?? '')),
    searchOptions: { prefix: true, fuzzy: 0.2 },
  });
  engine.addAll(index.incidents);
  const list = h('ol', { class: 'incidents' });
  const input = h('input', { id: 'incident-search', type: 'search', placeholder: 'cause, lesson, system…' }) as HTMLInputElement;
  input.addEventListener('input', draw);
  replace(root, h('h2', {}, 'Incidents and lessons'), h('form', { class: 'controls', onsubmit: (e: Event) => e.preventDefault() }, h('label', { for: 'incident-search' }, 'Search ', input)), list);
  draw();

  function draw(): void {
    const ids = input.value.trim() ? new Set(engine.search(input.value).map((r) => r.id as string)) : undefined;
    const shown = (index?.incidents ?? []).filter((i) => !ids || ids.has(i.id));
    if (shown.length === 0) {
      replace(list, h('li', { class: 'empty' }, ids ? 'No incident matches.' : 'No incidents recorded.'));
      return;
    }
    replace(
      list,
      ...shown.map((i) =>
        h(
          'li',
          {},
          h('h3', {}, `${i.title} `, h('span', { class: `badge ${i.status === 'resolved' ? '' : 'danger'}` }, i.status)),
          h('p', { class: 'meta' }, `${when(i.detectedAt)} · ${i.environment} · ${i.systems.join(', ') || 'no system named'} · level ${i.level} · ${i.impact}${i.resolvedAt ? ` · restored in ${duration(i.resolvedAt - i.detectedAt)}` : ''}`),
          i.cause ? h('p', {}, h('strong', {}, 'Cause: '), i.cause) : null,
          i.fix ? h('p', {}, h('strong', {}, 'Fixed by: '), i.fix) : null,
          i.lessons ? h('p', {}, h('strong', {}, 'Lessons: '), i.lessons) : null,
          i.followUps.length > 0 ? h('p', {}, h('strong', {}, 'Follow-ups: '), i.followUps.join(', ')) : null,
        ),
      ),
    );
  }
}
