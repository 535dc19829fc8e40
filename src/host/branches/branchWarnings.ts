import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import type { CurrentChange, CurrentChangeSnapshot } from '../currentChange';
import type { SettingsService } from '../settings';

const WARNED_KEY = 'changetrail.warnedBranches';

/**
 * Warns once per branch when HEAD moves (in VS Code or a terminal) to a branch that names no
 * ticket and has none linked, with "Link Ticket..." and "Rename Branch..." actions.
 */
export class BranchWarnings implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    change: CurrentChange,
    private readonly settings: SettingsService,
    private readonly state: vscode.Memento,
    private readonly logger: Logger,
  ) {
    change.onDidChange(this.check, this, this.disposables);
  }

  /** Branches warned about so far, as `<repository>::<branch>`. */
  get warned(): readonly string[] {
    return this.state.get<string[]>(WARNED_KEY, []);
  }

  private check(snapshot: CurrentChangeSnapshot): void {
    const { status, config, repoRoot } = snapshot;
    if (status.kind !== 'missing' || !repoRoot || !config || !this.settings.current['branches.warnWithoutTicket']) return;
    if (!config.tickets.requireOnBranch && !config.tickets.requireOnCommit) return;
    const key = `${repoRoot.fsPath}::${status.branch}`;
    if (this.warned.includes(key)) return;
    void this.state.update(WARNED_KEY, [...this.warned, key].slice(-500));
    this.logger.info(`Branch ${status.branch} names no ticket`);
    void vscode.window
      .showWarningMessage(
        `ChangeTrail: branch ${status.branch} names no ticket, so its commits cannot be traced. Link a ticket, or rename the branch to include one.`,
        'Link Ticket...',
        'Rename Branch...',
      )
      .then((choice) => {
        if (choice === 'Link Ticket...') void vscode.commands.executeCommand('changetrail.linkTicket');
        if (choice === 'Rename Branch...') void vscode.commands.executeCommand('changetrail.renameBranch');
      });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
