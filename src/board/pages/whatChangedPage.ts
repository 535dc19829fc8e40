import type { BoardChange } from '../../protocol/boardData';
import { h, replace, safeLink, select } from '../dom';
import { duration, fromLocalInput, localInputValue, short, when } from '../format';
import type { BoardStore } from '../store';
import { whatChanged } from '../whatChangedQuery';

const WINDOWS: [string, string][] = [['6', '6 hours'], ['24', '24 hours'], ['72', '3 days'], ['168', '7 days']];

/** "What changed before this broke?": the environment, system, alert time and window, suspects first. */
export function whatChangedPage(root: HTMLElement, store: BoardStore): void {
  const index = store.index;
  if (!index) return;
  const state = { environment: index.environments.at(-1) ?? 'production', system: '', at: index.generatedAt, hours: '24' };
  const answer = h('div', { id: 'changed-answer', 'aria-live': 'polite' });
  const atInput = h('input', { id: 'changed-at', type: 'datetime-local', value: localInputValue(state.at) }) as HTMLInputElement;
  atInput.addEventListener('change', () => {
    const t = fromLocalInput(atInput.value);
    if (Number.isFinite(t)) {
      state.at = t;
      draw();
    }
  });
  const form = h(
    'form',
    { class: 'controls', onsubmit: (e: Event) => e.preventDefault() },
    select('Environment', 'changed-env', index.environments.map((e) => [e, e]), state.environment, (v) => ((state.environment = v), draw())),
    select('System', 'changed-system', [['', 'any system'], ...index.systems.map((s): [string, string] => [s, s])], state.system, (v) => ((state.system = v), draw())),
    h('label', { for: 'changed-at' }, `Alert time (${index.timeZone}) `, atInput),
    select('Window', 'changed-window', WINDOWS, state.hours, (v) => ((state.hours = v), draw())),
  );
  replace(root, h('h2', {}, 'What changed before this broke?'), form, answer);
  store.onChange(() => draw());
  draw();

  function draw(): void {
    const result = whatChanged(store.deployments(), (id) => store.change(id), store.changes(), {
      environment: state.environment,
      system: state.system || undefined,
      at: state.at,
      windowMs: Number(state.hours) * 3_600_000,
    });
    const sinceLoaded = store.loadedSince();
    const partial = sinceLoaded !== undefined && state.at - Number(state.hours) * 3_600_000 < sinceLoaded;
    if (result.deployments.length === 0 && result.manual.length === 0) {
      replace(answer, h('p', { class: 'empty' }, `Nothing went live on ${state.environment} in the ${Number(state.hours)} hours before ${when(state.at)}.`), partial ? olderNote() : null);
      return;
    }
    replace(
      answer,
      h('h3', {}, `Suspects, most likely first (${result.suspects.length})`),
      h('ol', { class: 'suspects' }, ...result.suspects.map((s) => h('li', {}, changeCard(s.change, s.deployment ? `live ${duration(state.at - s.deployment.at)} before, in ${short(s.deployment.commit)}` : 'changed outside git'), h('p', { class: 'why' }, `Why suspect: ${s.reasons.join('; ') || 'went live in the window'}`)))),
      h('h3', {}, 'Deployments, newest first'),
      h(
        'ol',
        { class: 'deployments' },
        ...result.deployments.map((d) =>
          h(
            'li',
            {},
            h('strong', {}, `${when(d.deployment.at)} — ${d.deployment.rollback ? 'rollback' : 'deployment'} of ${short(d.deployment.commit)} by ${d.deployment.by}`),
            d.deployment.failures.length > 0 ? h('span', { class: 'badge danger' }, d.deployment.failures.join(', ')) : null,
            h('p', {}, 'Roll back: ', h('code', { class: 'rollback-step' }, d.rollbackStep)),
            d.changes.length === 0 ? h('p', { class: 'empty' }, 'No change record: only the commit is known.') : h('ul', {}, ...d.changes.map((c) => h('li', {}, c.title))),
          ),
        ),
      ),
      partial ? olderNote() : null,
    );
  }

  function olderNote(): HTMLElement {
    return h('p', { class: 'note' }, 'The window reaches into months not loaded yet. ', h('button', { type: 'button', onclick: () => store.loadOlder().catch(() => undefined) }, 'Load an older month'));
  }
}

/** One change as support reads it: ticket and title, why, who, systems, risks, rollback, runbook. */
export function changeCard(c: BoardChange, context: string): HTMLElement {
  return h(
    'article',
    { class: 'change' },
    h('h4', {}, ...c.tickets.flatMap((t) => [safeLink(t.url, t.key), ' ']), c.title),
    h('p', { class: 'meta' }, `${c.who} · ${c.systems.join(', ') || 'no system named'} · ${context}`),
    c.reason ? h('p', {}, h('strong', {}, 'Why: '), c.reason) : null,
    c.description && c.description !== c.reason ? h('p', {}, c.description) : null,
    c.risk.length > 0 ? h('ul', { class: 'risks' }, ...c.risk.map((f) => h('li', { class: f.severity }, f.message))) : null,
    h('p', {}, h('strong', {}, 'Rollback plan: '), c.rollbackPlan.trim() || h('span', { class: 'danger' }, 'none given')),
    c.escalation ? h('p', {}, h('strong', {}, 'Escalation: '), c.escalation) : null,
    c.runbook ? h('p', {}, h('strong', {}, 'Runbook: '), safeLink(c.runbook, c.runbook)) : null,
  );
}
