import * as vscode from 'vscode';
import { checkMessage, effectiveMessage } from '../../core/tickets/commitMessage';
import { ticketSyntaxOf } from '../../core/tickets/ticketRefs';
import type { CurrentChange, CurrentChangeSnapshot } from '../currentChange';
import type { BuiltinGit } from '../git/builtinGit';
import type { SettingsService } from '../settings';
import type { TeamConfigService } from '../teamConfigService';
import { LatestCalls } from './latestCalls';
import { PromiseCache } from './promiseCache';
import { scmInputRoot } from './scmInputRepository';

export const MISSING_TICKET_CODE = 'missing-ticket';

// VS Code commits the box's text with -F, so git keeps lines starting with # ("whitespace").
const BOX_FORMAT = { commentChar: '#', cleanup: 'whitespace' } as const;

/** A warning in the Source Control commit box while the message names no ticket the policy needs. */
export class CommitInputDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('changetrail');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  /** Per document: an update still waiting on config or git when a newer keystroke came must not land after it. */
  private readonly calls = new LatestCalls();
  /** Per repository: a snapshot of a non-active one reads git config, so not once per keystroke. */
  private readonly snapshots = new PromiseCache<CurrentChangeSnapshot | undefined>();

  constructor(
    private readonly teamConfig: TeamConfigService,
    private readonly change: CurrentChange,
    private readonly settings: SettingsService,
    git: BuiltinGit,
  ) {
    vscode.workspace.onDidChangeTextDocument((e) => this.update(e.document), this, this.disposables);
    vscode.workspace.onDidOpenTextDocument(this.update, this, this.disposables);
    vscode.workspace.onDidCloseTextDocument((d) => {
      this.calls.forget(d.uri.toString());
      this.collection.delete(d.uri);
    }, this, this.disposables);
    const all = () => vscode.workspace.textDocuments.forEach((d) => void this.update(d));
    const refresh = () => {
      this.snapshots.clear();
      all();
    };
    // A branch switch (in any repository, a terminal's too), a config or settings change: snapshots are stale.
    change.onDidChange(refresh, this, this.disposables);
    settings.onDidChange(refresh, this, this.disposables);
    teamConfig.onDidChange(refresh, this, this.disposables);
    git.onDidChange(refresh, this, this.disposables);
    all();
  }

  private async update(document: vscode.TextDocument): Promise<void> {
    const root = scmInputRoot(document);
    if (!root) return;
    const current = this.calls.begin(document.uri.toString());
    const text = document.getText();
    if (!this.settings.current['commitInput.diagnostics'] || text.trim() === '') {
      this.collection.delete(document.uri);
      return;
    }
    const { config } = await this.teamConfig.get(root);
    if (!current()) return;
    const verdict = checkMessage(effectiveMessage(text, BOX_FORMAT), ticketSyntaxOf(config));
    if (verdict.ok) {
      this.collection.delete(document.uri);
      return;
    }
    const snapshot = await this.snapshots.get(root.toString(), () => this.change.snapshotAt(root)).catch(() => undefined);
    if (!current()) return;
    const status = snapshot?.status;
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
