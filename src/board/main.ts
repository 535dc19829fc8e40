import { h, replace } from './dom';
import { setTimeZone, when } from './format';
import { changeLogPage } from './pages/changeLogPage';
import { incidentsPage } from './pages/incidentsPage';
import { metricsPage } from './pages/metricsPage';
import { timelinePage } from './pages/timelinePage';
import { weekPage } from './pages/weekPage';
import { whatChangedPage } from './pages/whatChangedPage';
import { BoardStore } from './store';
import { webviewBridge } from './webviewBridge';

// The static change board: reads the data scripts written by `changetrail board` (never the
// network), and shows one page at a time from the tab bar; the URL hash names the page.

const PAGES = [
  { id: 'changed', title: 'What changed?', render: whatChangedPage },
  { id: 'timeline', title: 'Timeline', render: timelinePage },
  { id: 'log', title: 'Change log', render: changeLogPage },
  { id: 'metrics', title: 'Metrics', render: metricsPage },
  { id: 'incidents', title: 'Incidents and lessons', render: incidentsPage },
  { id: 'week', title: 'This Week in Changes', render: weekPage },
] as const;

// In a VS Code panel the documents come as messages from the host; elsewhere as data scripts.
const bridge = webviewBridge();
const store = new BoardStore(bridge ? { requestMonth: (key) => bridge.requestMonth(key) } : {});
const app = document.getElementById('app') as HTMLElement;

async function start(): Promise<void> {
  if (bridge) await bridge.connect(store);
  const index = store.index;
  if (!index) {
    replace(app, h('p', { class: 'danger', role: 'alert' }, `The board's data could not be read. ${store.problems.join(' ')}`));
    return;
  }
  setTimeZone(index.timeZone);
  document.title = index.title;
  const tabs = h('div', { role: 'tablist', 'aria-label': 'Board pages', class: 'tabs' });
  const panel = h('div', { id: 'panel', role: 'tabpanel', tabindex: '-1' });
  // What could not be loaded (a data file missing or unreadable), said above every page.
  const problems = h('div', { id: 'board-problems' });
  const say = () => replace(problems, ...(store.problems.length > 0 ? [h('p', { class: 'danger', role: 'alert' }, store.problems.join(' '))] : []));
  const buttons = PAGES.map((p) =>
    h('button', { type: 'button', role: 'tab', id: `tab-${p.id}`, 'aria-controls': 'panel', onclick: () => (location.hash = p.id), onkeydown: (e: Event) => arrows(e as KeyboardEvent) }, p.title),
  );
  tabs.append(...buttons);
  replace(
    app,
    h('header', {}, h('h1', {}, index.title), h('p', { class: 'meta' }, `Generated ${when(index.generatedAt)} (${index.timeZone}) from ${index.sources.length} log${index.sources.length === 1 ? '' : 's'}${index.sources.some((s) => s.uncommitted) ? ' (some records were not committed yet)' : ''}.`), ...unreadLines(index.sources)),
    h('nav', { 'aria-label': 'Board pages' }, tabs),
    h('main', {}, problems, panel),
  );
  // 90 days first; older months when a page asks. A month that cannot be loaded is said by the store.
  await store.loadNewest(3).catch(() => undefined);
  store.onChange(say);
  const show = () => {
    const page = PAGES.find((p) => `#${p.id}` === location.hash) ?? PAGES[0];
    buttons.forEach((b, i) => {
      b.setAttribute('aria-selected', String(PAGES[i] === page));
      b.tabIndex = PAGES[i] === page ? 0 : -1;
    });
    panel.setAttribute('aria-labelledby', `tab-${page.id}`);
    page.render(panel, store);
    say();
  };
  window.addEventListener('hashchange', show);
  show();
  document.body.dataset.ready = 'true';

  function arrows(e: KeyboardEvent): void {
    const i = buttons.indexOf(e.currentTarget as HTMLButtonElement);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : -2;
    if (next === -2) return;
    e.preventDefault();
    const target = buttons[(next + buttons.length) % buttons.length];
    target.focus();
    target.click();
  }
}

/** What the board leaves out: each log's lines that could not be read, said above every page. */
function unreadLines(sources: readonly { log: string; skipped?: number }[]): HTMLElement[] {
  return sources
    .filter((s) => (s.skipped ?? 0) > 0)
    .map((s) => h('p', { class: 'danger', role: 'alert' }, `${s.skipped} line${s.skipped === 1 ? '' : 's'} of ${s.log} could not be read (damaged or hand-edited) and ${s.skipped === 1 ? 'is' : 'are'} not on this board; the build's warnings name them.`));
}

void start();
