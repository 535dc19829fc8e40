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

function button(label: string, command: OverviewToHost extends infer M ? (M extends { type: 'runCommand'; command: infer C } ? C : never) : never): HTMLButtonElement {
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
  if (state.ticketTitle) card.append(el('div', 'ticket-title', state.ticketTitle));
  const facts = [state.ticketStatus, state.ticketAssignee ? `assigned to ${state.ticketAssignee}` : undefined].filter(Boolean).join(' · ');
  if (facts) card.append(el('div', 'muted ticket-status', facts));
  if (state.branch) {
    const branch = el('div', 'branch');
    branch.append(el('span', 'muted', 'branch '), el('code', undefined, state.branch));
    card.append(branch);
  }
  if (state.repository) card.append(el('div', 'muted', state.repository));
  const actions = el('div', 'actions');
  if (state.ticketUrl) actions.append(button('Open Ticket', 'changetrail.openTicket'));
  actions.append(button(state.configFound ? 'Open Team Config' : 'Create Team Config', 'changetrail.openTeamConfig'));
  if (state.branch) actions.append(button('Open Checklist', 'changetrail.openChecklist'));
  if (state.repository) actions.append(button('Recent Deployments', 'changetrail.showRecentDeployments'));
  card.append(actions);
  root.append(card);

  if (state.defaults?.length || state.status === 'noRepository') {
    const guide = el('section', 'guide');
    guide.append(el('div', 'label', state.status === 'noRepository' ? 'Getting started' : 'Defaults in force'));
    if (state.status === 'noRepository') guide.append(el('p', undefined, 'Open a folder that holds a git repository: ChangeTrail follows its branches, tickets and deployments.'));
    const list = el('ul');
    (state.defaults ?? []).forEach((d) => list.append(el('li', undefined, d)));
    if (state.defaults?.length) guide.append(list);
    guide.append(button('Get Started with ChangeTrail', 'changetrail.getStarted'));
    root.append(guide);
  }

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
