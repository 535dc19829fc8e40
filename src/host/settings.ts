import * as vscode from 'vscode';
import { formatProblem } from '../core/config/configProblem';
import { readSettings } from '../core/config/readSettings';
import { type Settings, restrictedSettings } from '../core/config/settingsSchema';
import type { Logger } from '../core/log';

/**
 * Personal `changetrail.*` settings, validated with the core schema. In an untrusted workspace
 * the restricted settings are read from user scope only.
 */
export class SettingsService implements vscode.Disposable {
  private cached: Settings | undefined;
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChange];
  private readonly reported = new Set<string>();

  constructor(private readonly logger: Logger) {
    vscode.workspace.onDidChangeConfiguration(
      (e) => {
        if (!e.affectsConfiguration('changetrail')) return;
        this.cached = undefined;
        this._onDidChange.fire();
      },
      this,
      this.disposables,
    );
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      this.cached = undefined;
      this._onDidChange.fire();
    }, this, this.disposables);
  }

  get current(): Settings {
    if (this.cached) return this.cached;
    const section = vscode.workspace.getConfiguration('changetrail');
    const trusted = vscode.workspace.isTrusted;
    const { settings, problems } = readSettings((key) => {
      if (trusted || !(restrictedSettings as readonly string[]).includes(key)) return section.get(key);
      return section.inspect(key)?.globalValue;
    });
    for (const problem of problems) {
      const line = formatProblem(problem);
      this.logger.warn(line);
      if (!this.reported.has(line)) {
        this.reported.add(line);
        void vscode.window.showWarningMessage(`ChangeTrail: ${line}. Using the default.`);
      }
    }
    this.cached = settings;
    return settings;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
