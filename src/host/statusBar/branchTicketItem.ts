import * as vscode from 'vscode';
import type { CurrentChange, CurrentChangeSnapshot } from '../currentChange';
import type { SettingsService } from '../settings';

/** The status bar item that shows the ticket of the current branch. */
export class BranchTicketItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('changetrail.branchTicket', vscode.StatusBarAlignment.Left, 90);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(
    change: CurrentChange,
    private readonly settings: SettingsService,
  ) {
    this.item.name = 'ChangeTrail: Branch Ticket';
    change.onDidChange(this.render, this, this.disposables);
    settings.onDidChange(() => this.render(change.snapshot), this, this.disposables);
    this.render(change.snapshot);
  }

  /** What the item shows now, for the extension's API (and so for tests). */
  get shown(): { readonly text: string; readonly visible: boolean; readonly tooltip?: string } {
    return { text: this.item.text, visible: this.visible, tooltip: typeof this.item.tooltip === 'string' ? this.item.tooltip : undefined };
  }

  private visible = false;

  private render(snapshot: CurrentChangeSnapshot): void {
    const { status } = snapshot;
    const settings = this.settings.current;
    if (!settings['statusBar.enabled']) return this.hide();
    if (status.kind === 'ticket') {
      this.item.text = `$(tag) ${status.ticket}`;
      this.item.tooltip = `Branch ${status.branch} is for ticket ${status.ticket}.${status.url ? ' Click to open it.' : ''}`;
      this.item.command = status.url ? { title: 'Open Ticket', command: 'changetrail.openTicket', arguments: [status.url] } : 'changetrail.showLog';
      this.item.backgroundColor = undefined;
      return this.show();
    }
    if (status.kind === 'missing' && settings['statusBar.showWhenNoTicket']) {
      this.item.text = '$(tag) No ticket';
      this.item.tooltip = `Branch ${status.branch} names no ticket. Name branches like feature/PROJ-123-short-title.`;
      this.item.command = 'changetrail.openTeamConfig';
      return this.show();
    }
    this.hide();
  }

  private show(): void {
    this.visible = true;
    this.item.show();
  }

  private hide(): void {
    this.visible = false;
    this.item.hide();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
