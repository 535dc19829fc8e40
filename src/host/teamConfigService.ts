import * as vscode from 'vscode';
import { formatProblem } from '../core/config/configProblem';
import { type TeamConfigResult, loadTeamConfig } from '../core/config/loadTeamConfig';
import { TEAM_CONFIG_PATH } from '../core/config/teamConfigSchema';
import type { Logger } from '../core/log';

/**
 * Reads each repository's `.changetrail/config.json` through core, caches it until the file
 * changes, and reports a broken file once with an "Open Config" action.
 */
export class TeamConfigService implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<TeamConfigResult>>();
  private readonly reported = new Map<string, string>();
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChange];

  constructor(private readonly logger: Logger) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${TEAM_CONFIG_PATH}`);
    const invalidate = () => {
      this.cache.clear();
      this._onDidChange.fire();
    };
    watcher.onDidChange(invalidate, this, this.disposables);
    watcher.onDidCreate(invalidate, this, this.disposables);
    watcher.onDidDelete(invalidate, this, this.disposables);
    this.disposables.push(watcher);
  }

  /** The team config of the repository at `root` (defaults when absent or broken). */
  get(root: vscode.Uri): Promise<TeamConfigResult> {
    let pending = this.cache.get(root.fsPath);
    if (!pending) {
      pending = loadTeamConfig(root.fsPath).then((result) => {
        this.report(root, result);
        return result;
      });
      this.cache.set(root.fsPath, pending);
    }
    return pending;
  }

  private report(root: vscode.Uri, result: TeamConfigResult): void {
    const lines = result.problems.map(formatProblem);
    const key = lines.join('\n');
    if (this.reported.get(root.fsPath) === key) return;
    this.reported.set(root.fsPath, key);
    if (lines.length === 0) return;
    lines.forEach((line) => this.logger.warn(`${root.fsPath}: ${line}`));
    const more = lines.length > 1 ? ` (and ${lines.length - 1} more; see the log)` : '';
    void vscode.window
      .showWarningMessage(`ChangeTrail: ${lines[0]}${more}. Using defaults for what is wrong.`, 'Open Config', 'Show Log')
      .then((choice) => {
        if (choice === 'Open Config') void vscode.commands.executeCommand('changetrail.openTeamConfig', root);
        if (choice === 'Show Log') void vscode.commands.executeCommand('changetrail.showLog');
      });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
