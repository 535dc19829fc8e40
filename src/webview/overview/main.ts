import { type OverviewState, type OverviewToHost, hostToOverviewSchema } from '../../protocol/overviewMessages';

interface VsCodeApi {
  postMessage(message: OverviewToHost): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

const HEADLINES: Record<OverviewState['status'], string> = {
  ticket: 'Working on',
  missing: 'This branch names no ticket',
  defaultBranch: 'On a default branch',
  detached: 'Detached HEAD',
  noRepository: 'No git repository open',
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, command: 'changetrail.openTicket' | 'changetrail.openTeamConfig' | 'changetrail.showLog'): HTMLButtonElement {
  const b = el('button', 'action', label);
  b.type = 'button';
  b.addEventListener('click', () => vscode.postMessage({ type: 'runCommand', command }));
  return b;
}

function render(state: OverviewState): void {
  root.replaceChildren();
  const card = el('section', `card status-${state.status}`);
  card.setAttribute('aria-live', 'polite');
  card.append(el('div', 'label', HEADLINES[state.status]));
  if (state.ticket) card.append(el('div', 'ticket', state.ticket));
  if (state.branch) {
    const branch = el('div', 'branch');
    branch.append(el('span', 'muted', 'branch '), el('code', undefined, state.branch));
    card.append(branch);
  }
  if (state.repository) card.append(el('div', 'muted', state.repository));
  const actions = el('div', 'actions');
  if (state.ticketUrl) actions.append(button('Open Ticket', 'changetrail.openTicket'));
  actions.append(button(state.configFound ? 'Open Team Config' : 'Create Team Config', 'changetrail.openTeamConfig'));
  card.append(actions);
  root.append(card);

  if (state.configProblems.length > 0) {
    const problems = el('section', 'problems');
    problems.append(el('div', 'label', 'Team config problems'));
    const list = el('ul');
    state.configProblems.forEach((p) => list.append(el('li', undefined, p)));
    problems.append(list, button('Show Log', 'changetrail.showLog'));
    root.append(problems);
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = hostToOverviewSchema.safeParse(event.data);
  if (!parsed.success) {
    console.warn('ChangeTrail: ignored an unexpected message', parsed.error.issues);
    return;
  }
  render(parsed.data.state);
});

vscode.postMessage({ type: 'ready' });
