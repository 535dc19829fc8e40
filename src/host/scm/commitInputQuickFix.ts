import * as vscode from 'vscode';
import { addTicket } from '../../core/tickets/commitMessage';
import type { CurrentChange } from '../currentChange';
import { MISSING_TICKET_CODE } from './commitInputDiagnostics';
import { scmInputRoot } from './scmInputRepository';

/** Quick fixes for the commit box's missing-ticket warning: "Add PROJ-123", or link a ticket. */
export class CommitInputQuickFix implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly change: CurrentChange) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const diagnostic = context.diagnostics.find((d) => d.source === 'ChangeTrail' && d.code === MISSING_TICKET_CODE);
    const root = scmInputRoot(document);
    if (!diagnostic || !root) return [];
    // The box's own repository, active or not: another repository's branch would name the wrong ticket.
    const snapshot = await this.change.snapshotAt(root);
    if (!snapshot?.config) return [];
    const { status, config } = snapshot;
    if (status.kind !== 'ticket') {
      const link = new vscode.CodeAction('Link a ticket to this branch...', vscode.CodeActionKind.QuickFix);
      link.command = { title: link.title, command: 'changetrail.linkTicket', arguments: [undefined, root] };
      link.diagnostics = [diagnostic];
      return [link];
    }
    const text = document.getText();
    const fixed = addTicket(text, status.ticket, config.tickets.commitFormat, { commentChar: '#', cleanup: 'whitespace' });
    const action = new vscode.CodeAction(`Add ${status.ticket}`, vscode.CodeActionKind.QuickFix);
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(text.length)), fixed);
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
    return [action];
  }
}
