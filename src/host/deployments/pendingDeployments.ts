import * as vscode from 'vscode';
import type { TeamConfig } from '../../core/config/teamConfigSchema';
import type { DeploymentNote } from '../../core/notes/noteSchema';

/** A deployment note open for editing, not recorded yet. */
export interface PendingDeployment {
  readonly root: vscode.Uri;
  readonly config: TeamConfig;
  readonly note: DeploymentNote;
  readonly by: { readonly name: string; readonly email: string };
  readonly overrideReason?: string;
  /** The generated part as it was opened, to tell whether the person edited it. */
  readonly generated: string;
  /** Whether to open the e-mail draft once recorded. */
  readonly openEmail: boolean;
}

/**
 * Deployment notes waiting for "Record and post": keyed by document, shown as a CodeLens at the top
 * of the document and, through the `changetrail.pendingDeploymentNotes` context key, as an editor
 * title action.
 */
export class PendingDeployments implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly pending = new Map<string, PendingDeployment>();
  private readonly _onDidChangeCodeLenses = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;
  private readonly disposables: vscode.Disposable[] = [this._onDidChangeCodeLenses];

  constructor() {
    vscode.workspace.onDidCloseTextDocument((d) => this.pending.has(d.uri.toString()) && this.remove(d.uri), this, this.disposables);
  }

  add(uri: vscode.Uri, pending: PendingDeployment): void {
    this.pending.set(uri.toString(), pending);
    this.changed();
  }

  get(uri: vscode.Uri): PendingDeployment | undefined {
    return this.pending.get(uri.toString());
  }

  remove(uri: vscode.Uri): void {
    this.pending.delete(uri.toString());
    this.changed();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const pending = this.pending.get(document.uri.toString());
    if (!pending) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const where = `${pending.note.environment}${pending.note.risk.freeze ? ' (freeze override given)' : ''}`;
    return [
      new vscode.CodeLens(top, { title: `$(rocket) Record and post the deployment to ${where}`, command: 'changetrail.confirmDeployment', arguments: [document.uri] }),
      new vscode.CodeLens(top, { title: 'Cancel', command: 'changetrail.cancelDeployment', arguments: [document.uri] }),
    ];
  }

  private changed(): void {
    void vscode.commands.executeCommand('setContext', 'changetrail.pendingDeploymentNotes', [...this.pending.keys()]);
    this._onDidChangeCodeLenses.fire();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
