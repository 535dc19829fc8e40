import * as vscode from 'vscode';
import type { TicketService } from '../tickets/ticketService';
import type { Logger } from '../../core/log';
import { type HostToOverview, type OverviewState, overviewToHostSchema, hostToOverviewSchema } from '../../protocol/overviewMessages';
import type { CurrentChange, CurrentChangeSnapshot } from '../currentChange';
import { formatProblem } from '../../core/config/configProblem';
import { webviewHtml } from './webviewHtml';

/** The "Current Change" webview view: the branch, its ticket and the team config's health. */
export class OverviewViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'changetrail.overview';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly change: CurrentChange,
    private readonly logger: Logger,
    private readonly tickets?: TicketService,
  ) {
    change.onDidChange(() => this.post(), this, this.disposables);
    tickets?.onDidRefresh(() => this.post(), this, this.disposables);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] };
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'overview', 'Current Change');
    view.webview.onDidReceiveMessage(this.receive, this, this.disposables);
    view.onDidDispose(() => (this.view = undefined), this, this.disposables);
    void this.change.refresh();
  }

  private receive(raw: unknown): void {
    const parsed = overviewToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn(`Overview view sent an invalid message: ${JSON.stringify(raw)}`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'ready') {
      this.ready = true;
      this.post();
    } else {
      void vscode.commands.executeCommand(message.command);
    }
  }

  private post(): void {
    if (!this.view || !this.ready) return;
    void this.state().then((state) => {
      const message: HostToOverview = hostToOverviewSchema.parse({ type: 'state', state });
      return this.view?.webview.postMessage(message);
    });
  }

  /** What the view shows: the branch, its ticket with title, status and assignee, and the defaults in force. */
  async state(): Promise<OverviewState> {
    const snapshot = this.change.snapshot;
    const base = toState(snapshot);
    const ticket = base.ticket && snapshot.repoRoot ? (await this.tickets?.directory(snapshot.repoRoot).catch(() => undefined))?.find(base.ticket) : undefined;
    const config = snapshot.config;
    const defaults = config && !snapshot.configFound
      ? [
          `No team config yet: ChangeTrail uses its defaults.`,
          `Freeze: ${config.freeze.weekly.map((w) => `${w.from} to ${w.to}`).join(', ') || 'none'} on ${config.freeze.environments.join(', ')} (${config.freeze.timeZone ?? 'this machine\'s time zone'}).`,
          `Checklist and deployments target ${config.environments[config.environments.length - 1] ?? 'production'} unless you pick another environment.`,
        ]
      : undefined;
    return {
      ...base,
      ...(ticket ? { ticketTitle: ticket.title, ...(ticket.status ? { ticketStatus: ticket.status } : {}), ...(ticket.assignee ? { ticketAssignee: ticket.assignee } : {}) } : {}),
      ...(defaults ? { defaults } : {}),
    };
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

function toState(snapshot: CurrentChangeSnapshot): OverviewState {
  const { status } = snapshot;
  return {
    status: status.kind,
    repository: snapshot.repoRoot?.fsPath,
    branch: 'branch' in status ? status.branch : undefined,
    ticket: status.kind === 'ticket' ? status.ticket : undefined,
    ticketUrl: status.kind === 'ticket' ? status.url : undefined,
    configFound: snapshot.configFound,
    configProblems: snapshot.configProblems.map(formatProblem),
  };
}
