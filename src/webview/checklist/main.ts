import { type ChecklistState, type ChecklistToHost, hostToChecklistSchema } from '../../protocol/checklistMessages';
import { debounce, el, setValue, shownText } from './dom';

interface VsCodeApi {
  postMessage(message: ChecklistToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
let state: ChecklistState | undefined;
const SINK_WORDS: Record<ChecklistState['records'][number]['sinks'][number]['state'], string> = {
  delivered: 'delivered', pending: 'pending', failed: 'failed', local: 'written locally', committed: 'committed', pushed: 'pushed',
};
let shape = '';
const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
const post = (message: ChecklistToHost) => vscode.postMessage(message);
const sendAnswer = debounce((questionId: string, value: string) => post({ type: 'setAnswer', questionId, value }), 300);
const sendEvidence = debounce((questionId: string, evidence: string) => post({ type: 'setEvidence', questionId, evidence }), 300);
const sendTitle = debounce((title: string) => post({ type: 'setTitle', title }), 300);
const sendReason = debounce((reason: string) => post({ type: 'setOverrideReason', reason }), 300);

function field(id: string, label: string, control: HTMLElement, help?: string, required = false): HTMLElement {
  const wrap = el('div', 'field');
  const l = el('label', 'question', label);
  l.htmlFor = id;
  if (required) l.append(el('span', 'required', ' (required)'));
  wrap.append(l);
  if (help) wrap.append(el('div', 'help', help));
  wrap.append(control);
  return wrap;
}

function textArea(id: string, onInput: (value: string) => void, onBlur: () => void, rows = 3): HTMLTextAreaElement {
  const t = el('textarea');
  t.id = id;
  t.rows = rows;
  t.addEventListener('input', () => onInput(t.value));
  t.addEventListener('blur', onBlur);
  inputs.set(id, t);
  return t;
}

/** Builds the form once per question set, so typing never loses focus to a re-render. */
function build(s: ChecklistState): void {
  root.replaceChildren();
  inputs.clear();
  if (s.status !== 'ready') {
    root.append(el('p', 'empty', s.status === 'detached' ? 'HEAD is detached: check out a branch to describe its change.' : 'Open a folder with a git repository to describe its change.'));
    return;
  }
  const header = el('section', 'header');
  header.append(el('div', 'context', ''), el('div', 'flags'), el('div', 'progress'));
  const bar = el('div', 'bar');
  bar.append(el('div', 'bar-fill'));
  header.append(bar);
  root.append(header);

  const form = el('form', 'form');
  form.addEventListener('submit', (e) => e.preventDefault());
  form.append(field('title', 'Change title, in words support understands', textArea('title', (v) => sendTitle.call(v), sendTitle.flush, 1)));
  for (const q of s.questions) {
    if (q.kind === 'yesNoEvidence') {
      const group = el('div', 'yesno');
      group.setAttribute('role', 'radiogroup');
      for (const value of ['yes', 'no']) {
        const id = `${q.id}-${value}`;
        const radio = el('input');
        radio.type = 'radio';
        radio.name = q.id;
        radio.id = id;
        radio.value = value;
        radio.addEventListener('change', () => post({ type: 'setAnswer', questionId: q.id, value }));
        inputs.set(id, radio);
        const label = el('label', 'radio', value === 'yes' ? 'Yes' : 'No');
        label.htmlFor = id;
        group.append(radio, label);
      }
      const evidence = el('input');
      evidence.type = 'text';
      evidence.id = `${q.id}-evidence`;
      evidence.placeholder = 'Evidence: a link or a note';
      evidence.addEventListener('input', () => sendEvidence.call(q.id, evidence.value));
      evidence.addEventListener('blur', sendEvidence.flush);
      inputs.set(evidence.id, evidence);
      group.append(evidence);
      form.append(field(`${q.id}-yes`, q.text, group, q.help, q.required));
    } else {
      form.append(field(q.id, q.text, textArea(q.id, (v) => sendAnswer.call(q.id, v), sendAnswer.flush), q.help, q.required));
    }
  }
  const env = el('select');
  env.id = 'environment';
  for (const e of s.environments) env.append(Object.assign(el('option', undefined, e), { value: e }));
  env.addEventListener('change', () => post({ type: 'setEnvironment', environment: env.value }));
  inputs.set('environment', env);
  form.append(field('environment', 'Where does it go live?', env));
  const override = field('override', 'Why must this go out inside the freeze window?', textArea('override', (v) => sendReason.call(v), sendReason.flush, 2));
  override.classList.add('override');
  form.append(override);
  const actions = el('div', 'actions');
  const submit = el('button', 'primary', 'Submit Change Record');
  submit.type = 'button';
  submit.id = 'submit';
  submit.addEventListener('click', () => {
    sendAnswer.flush();
    sendEvidence.flush();
    sendTitle.flush();
    sendReason.flush();
    post({ type: 'submit' });
  });
  const reset = el('button', 'secondary', 'Clear Draft');
  reset.type = 'button';
  reset.addEventListener('click', () => post({ type: 'reset' }));
  actions.append(submit, reset);
  form.append(el('ul', 'problems'), actions);
  root.append(form, el('section', 'records'));
}

/** Updates what changes without rebuilding the form. */
function update(s: ChecklistState): void {
  if (s.status !== 'ready') return;
  const context = root.querySelector('.context') as HTMLElement;
  context.replaceChildren(el('strong', undefined, s.tickets.join(', ') || 'No ticket'), el('span', 'muted', ` · ${s.branch ?? ''} · ${s.diff.commits} commits, ${s.diff.files} files, ${s.diff.lines} lines`));
  const flags = root.querySelector('.flags') as HTMLElement;
  // Before the person has answered or tried to submit anything, flags are things to address, not
  // errors: the checklist must not open in red.
  const fresh = s.progress.answered === 0 && s.problems.length === 0 && s.records.length === 0;
  flags.replaceChildren(
    ...(fresh && s.riskFlags.length > 0 ? [el('div', 'flags-lead', 'To address before submitting:')] : []),
    ...s.riskFlags.map((f) => el('div', `flag ${f.severity}${fresh ? ' calm' : ''}`, f.message)),
  );
  flags.setAttribute('aria-live', 'polite');
  const p = s.progress;
  (root.querySelector('.progress') as HTMLElement).textContent = `${p.answered} of ${p.total} answered${p.complete ? ' · ready to submit' : ` · missing: ${shownText(p.missingRequired.join(', '))}`}`;
  (root.querySelector('.bar-fill') as HTMLElement).style.width = `${p.total ? Math.round((100 * p.answered) / p.total) : 0}%`;
  setValue(inputs.get('title')!, s.title);
  for (const q of s.questions) {
    const a = s.answers[q.id];
    if (q.kind === 'yesNoEvidence') {
      for (const v of ['yes', 'no']) (inputs.get(`${q.id}-${v}`) as HTMLInputElement).checked = a?.value === v;
      setValue(inputs.get(`${q.id}-evidence`)!, a?.evidence ?? '');
    } else setValue(inputs.get(q.id)!, a?.value ?? '');
  }
  setValue(inputs.get('environment')!, s.environment);
  setValue(inputs.get('override')!, s.freezeOverrideReason ?? '');
  (root.querySelector('.override') as HTMLElement).hidden = !s.riskFlags.some((f) => f.id === 'freezeWindow');
  (root.querySelector('.problems') as HTMLElement).replaceChildren(...s.problems.map((m) => el('li', undefined, m)));
  const submit = root.querySelector('#submit') as HTMLButtonElement;
  submit.disabled = s.busy;
  submit.textContent = s.busy ? 'Submitting…' : 'Submit Change Record';
  const records = root.querySelector('.records') as HTMLElement;
  records.replaceChildren();
  if (s.records.length > 0) records.append(el('h3', undefined, 'Change records of this branch'));
  for (const r of s.records) {
    const item = el('div', 'record');
    item.append(el('div', 'record-title', `${r.title} → ${r.environment}`), el('div', 'muted', new Date(r.createdAt).toLocaleString()));
    const sinks = el('ul', 'sinks');
    for (const sink of r.sinks) sinks.append(el('li', `sink ${sink.state}`, `${sink.sink}: ${SINK_WORDS[sink.state]}${sink.detail ? ` (${sink.detail})` : ''}`));
    item.append(sinks);
    records.append(item);
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = hostToChecklistSchema.safeParse(event.data);
  if (!parsed.success) {
    console.warn('ChangeTrail: ignored an unexpected message', parsed.error.issues);
    return;
  }
  const message = parsed.data;
  if (message.type !== 'state') return;
  state = message.state;
  const nextShape = JSON.stringify([state.status, state.questions, state.environments]);
  if (nextShape !== shape) {
    shape = nextShape;
    build(state);
  }
  update(state);
});

post({ type: 'ready' });
