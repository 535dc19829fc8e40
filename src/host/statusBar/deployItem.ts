import * as vscode from 'vscode';
import type { CurrentChange } from '../currentChange';

/** A status bar button for "Record Deployment", shown while a repository is open. */
export class DeployItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('changetrail.recordDeployment', vscode.StatusBarAlignment.Left, 89);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(change: CurrentChange) {
    this.item.name = 'ChangeTrail: Record Deployment';
    this.item.text = '$(rocket)';
    this.item.tooltip = 'ChangeTrail: Record Deployment... (what goes live, in words support understands)';
    this.item.command = 'changetrail.recordDeployment';
    change.onDidChange((s) => (s.repoRoot ? this.item.show() : this.item.hide()), this, this.disposables);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
