import MiniSearch from 'minisearch';
import { csvDocument } from '../../core/export/csv';
import type { BoardChange } from '../../protocol/boardData';
import { h, replace, safeLink, select } from '../dom';
import { when } from '../format';
import type { BoardStore } from '../store';

const COLUMNS = ['Date', 'System', 'Change', 'Who', 'Reason', 'Rollback plan', 'Ticket', 'Environment', 'Risk'] as const;
type Column = (typeof COLUMNS)[number];
const PAGE = 200;
// A cell shows at most this many characters: a 100 KB title (one unbroken word) made the table a
// million pixels wide, and wrapping it in a table cell took the browser seconds. The CSV, the
// search and the sort have the whole text; the What changed? card shows it whole.
const CELL_MAX = 500;
// "change 2" before "change 10", as people read them.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function cell(c: BoardChange, column: Column): string {
  switch (column) {
    case 'Date':
      return when(c.at);
    case 'System':
      return c.systems.join(', ');
    case 'Change':
      return c.manual ? `${c.title} (outside git)` : c.title;
    case 'Who':
      return c.who;
    case 'Reason':
      return c.reason;
    case 'Rollback plan':
      return c.rollbackPlan;
    case 'Ticket':
      return c.tickets.map((t) => t.key).join(', ');
    case 'Environment':
      return c.environment;
    case 'Risk':
      return c.risk.map((f) => f.message).join('; ');
  }
}

/** `text` cut to CELL_MAX characters (code points, so no emoji is cut in half). */
function cutForCell(text: string): string {
  if (text.length <= CELL_MAX) return text;
  const chars = Array.from(text);
  return chars.length <= CELL_MAX ? text : `${chars.slice(0, CELL_MAX - 1).join('')}…`;
}

/** The change log: sortable, filterable, searched with MiniSearch, and downloadable as exactly the rows shown. */
export function changeLogPage(root: HTMLElement, store: BoardStore): void {
  const index = store.index;
  if (!index) return;
  const state = { query: '', environment: '', system: '', risk: '', sort: 'Date' as Column, descending: true, shown: PAGE };
  let search: { engine: MiniSearch<BoardChange>; size: number } | undefined;
  const body = h('tbody');
  const count = h('p', { id: 'log-count', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', onclick: () => ((state.shown += PAGE), draw()) }, 'Show more rows');
  const searchInput = h('input', { id: 'log-search', type: 'search', placeholder: 'title, reason, ticket, person…' }) as HTMLInputElement;
  searchInput.addEventListener('input', () => ((state.query = searchInput.value), (state.shown = PAGE), draw()));
  const header = h(
    'tr',
    {},
    ...COLUMNS.map((column) =>
      h('th', { scope: 'col', 'aria-sort': column === state.sort ? (state.descending ? 'descending' : 'ascending') : undefined }, h('button', { type: 'button', class: 'sort', onclick: () => sortBy(column) }, column)),
    ),
  );
  replace(
    root,
    h('h2', {}, 'Change log'),
    h(
      'form',
      { class: 'controls', onsubmit: (e: Event) => e.preventDefault() },
      h('label', { for: 'log-search' }, 'Search ', searchInput),
      select('Environment', 'log-env', [['', 'all'], ...index.environments.map((e): [string, string] => [e, e])], '', (v) => ((state.environment = v), draw())),
      select('System', 'log-system', [['', 'all'], ...index.systems.map((s): [string, string] => [s, s])], '', (v) => ((state.system = v), draw())),
      select('Risk', 'log-risk', [['', 'any'], ['flagged', 'flagged'], ['danger', 'danger only'], ['norollback', 'no rollback plan']], '', (v) => ((state.risk = v), draw())),
      h('button', { type: 'button', id: 'log-csv', onclick: download }, 'Download CSV of these rows'),
      h('button', { type: 'button', onclick: () => store.loadOlder().catch(() => undefined) }, 'Load an older month'),
    ),
    count,
    h('div', { class: 'table-wrap' }, h('table', { class: 'log' }, h('caption', { class: 'sr-only' }, 'Changes'), h('thead', {}, header), body)),
    more,
  );
  store.onChange(() => {
    search = undefined;
    draw();
  });
  draw();

  function sortBy(column: Column): void {
    state.descending = state.sort === column ? !state.descending : column === 'Date';
    state.sort = column;
    for (const th of header.querySelectorAll('th')) th.removeAttribute('aria-sort');
    header.children[COLUMNS.indexOf(column)]?.setAttribute('aria-sort', state.descending ? 'descending' : 'ascending');
    draw();
  }

  function rows(): BoardChange[] {
    let list: readonly BoardChange[] = store.changes();
    if (state.query.trim()) {
      if (!search || search.size !== list.length) {
        const engine = new MiniSearch<BoardChange>({
          fields: ['title', 'description', 'reason', 'rollbackPlan', 'who', 'ticketKeys', 'systemNames'],
          storeFields: [],
          extractField: (doc, field) => (field === 'ticketKeys' ? doc.tickets.map((t) => t.key).join(' ') : field === 'systemNames' ? doc.systems.join(' ') : String((doc as unknown as Record<string, unknown>)[field] ?? '')),
          searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 2, ticketKeys: 3 } },
        });
        engine.addAll(list);
        search = { engine, size: list.length };
      }
      const ids = new Set(search.engine.search(state.query).map((r) => r.id as string));
      list = list.filter((c) => ids.has(c.id));
    }
    const out = list.filter(
      (c) =>
        (!state.environment || c.environment === state.environment) &&
        (!state.system || c.systems.includes(state.system)) &&
        (!state.risk || (state.risk === 'flagged' ? c.risk.length > 0 : state.risk === 'danger' ? c.risk.some((f) => f.severity === 'danger') : !c.rollbackPlan.trim())),
    );
    const dir = state.descending ? -1 : 1;
    return state.sort === 'Date' ? [...out].sort((a, b) => dir * (a.at - b.at)) : [...out].sort((a, b) => dir * collator.compare(cell(a, state.sort), cell(b, state.sort)));
  }

  function draw(): void {
    const list = rows();
    const shown = list.slice(0, state.shown);
    count.textContent = `${list.length} change${list.length === 1 ? '' : 's'}${list.length > shown.length ? `, the first ${shown.length} shown` : ''}`;
    more.hidden = list.length <= shown.length;
    replace(
      body,
      ...shown.map((c) =>
        h(
          'tr',
          { 'data-id': c.id },
          ...COLUMNS.map((column) =>
            column === 'Ticket'
              ? h('td', {}, ...c.tickets.flatMap((t, i) => [i > 0 ? ', ' : '', safeLink(t.url, t.key)]))
              : h('td', { class: column === 'Risk' && c.risk.some((f) => f.severity === 'danger') ? 'danger' : undefined }, cutForCell(cell(c, column))),
          ),
        ),
      ),
    );
  }

  function download(): void {
    // Exactly the rows the table holds now, in its order and with its columns.
    const list = rows().slice(0, state.shown);
    const csv = csvDocument([...COLUMNS], list.map((c) => COLUMNS.map((column) => cell(c, column))));
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: 'changetrail-changes.csv' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
