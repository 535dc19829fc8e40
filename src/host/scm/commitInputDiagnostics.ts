import * as vscode from 'vscode';
import { checkMessage, effectiveMessage } from '../../core/tickets/commitMessage';
import { ticketSyntaxOf } from '../../core/tickets/ticketRefs';
import type { CurrentChange } from '../currentChange';
import type { SettingsService } from '../settings';
import type { TeamConfigService } from '../teamConfigService';
import { scmInputRoot } from './scmInputRepository';

export const MISSING_TICKET_CODE = 'missing-ticket';

// VS Code commits the box's text with -F, so git keeps lines starting with # ("whitespace").
const BOX_FORMAT = { commentChar: '#', cleanup: 'whitespace' } as const;

/** A warning in the Source Control commit box while the message names no ticket the policy needs. */
export class CommitInputDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('changetrail');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(
    private readonly teamConfig: TeamConfigService,
    private readonly change: CurrentChange,
    private readonly settings: SettingsService,
  ) {
    vscode.workspace.onDidChangeTextDocument((e) => this.update(e.document), this, this.disposables);
    vscode.workspace.onDidOpenTextDocument(this.update, this, this.disposables);
    vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri), this, this.disposables);
    const all = () => vscode.workspace.textDocuments.forEach((d) => void this.update(d));
    change.onDidChange(all, this, this.disposables);
    settings.onDidChange(all, this, this.disposables);
    all();
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    const root = scmInputRoot(document);
    if (!root) return;
    const text = document.getText();
    if (!this.settings.current['commitInput.diagnostics'] || text.trim() === '') {
      this.collection.delete(document.uri);
      return;
    }
    const { config } = await this.teamConfig.get(root);
    const verdict = checkMessage(effectiveMessage(text, BOX_FORMAT), ticketSyntaxOf(config));
    if (verdict.ok) {
      this.collection.delete(document.uri);
      return;
    }
    const status = (await this.change.snapshotAt(root).catch(() => undefined))?.status;
    const hint = status?.kind === 'ticket' ? ` Add ${status.ticket}, the ticket of this branch.` : ' Name the ticket, e.g. PROJ-123: <subject>.';
    const firstLine = document.lineAt(0).range;
    const diagnostic = new vscode.Diagnostic(firstLine.isEmpty ? new vscode.Range(0, 0, 0, 1) : firstLine, `No ticket in this commit message.${hint}`, vscode.DiagnosticSeverity.Warning);
    diagnostic.source = 'ChangeTrail';
    diagnostic.code = MISSING_TICKET_CODE;
    this.collection.set(document.uri, [diagnostic]);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
