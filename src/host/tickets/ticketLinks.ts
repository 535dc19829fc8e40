import * as vscode from 'vscode';
import { ticketUrl } from '../../core/tickets/branchTicketStatus';
import { findTickets, ticketSyntaxOf } from '../../core/tickets/ticketRefs';
import type { BuiltinGit } from '../git/builtinGit';
import type { SettingsService } from '../settings';
import type { TeamConfigService } from '../teamConfigService';
import { scmInputRoot } from '../scm/scmInputRepository';
import { escapeMarkdown } from './ticketCompletionProvider';
import type { TicketService } from './ticketService';

/**
 * Ticket IDs in commit messages and the commit box become links to the tracker, and hovering one
 * shows its title and status (from the cache, refreshed lazily).
 */
export class TicketLinks implements vscode.DocumentLinkProvider, vscode.HoverProvider {
  constructor(
    private readonly tickets: TicketService,
    private readonly teamConfig: TeamConfigService,
    private readonly git: BuiltinGit,
    private readonly settings: SettingsService,
  ) {}

  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const root = this.rootOf(document);
    if (!root) return [];
    // The document's own repository's syntax and tracker, not the active editor's repository's.
    const { config } = await this.teamConfig.get(root);
    const directory = await this.tickets.directory(root);
    const template = this.settings.current['tickets.urlTemplate'] || config.tickets.urlTemplate;
    const links: vscode.DocumentLink[] = [];
    for (const ref of findTickets(document.getText(), ticketSyntaxOf(config))) {
      const url = directory.find(ref.id)?.url ?? ticketUrl(ref.id, template);
      if (!url || !/^https?:\/\//.test(url)) continue;
      const link = new vscode.DocumentLink(new vscode.Range(document.positionAt(ref.index), document.positionAt(ref.index + ref.length)), vscode.Uri.parse(url, true));
      link.tooltip = `Open ${ref.id}`;
      links.push(link);
    }
    return links;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const root = this.rootOf(document);
    if (!root) return undefined;
    const { config } = await this.teamConfig.get(root);
    const offset = document.offsetAt(position);
    const ref = findTickets(document.getText(), ticketSyntaxOf(config)).find((r) => offset >= r.index && offset <= r.index + r.length);
    if (!ref) return undefined;
    const directory = await this.tickets.directory(root);
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const ticket = directory.find(ref.id) ?? (await directory.details(ref.id, abort.signal));
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMarkdown(ref.id)}**${ticket ? ` ${escapeMarkdown(ticket.title)}` : ''}\n\n`);
    if (ticket?.status) md.appendMarkdown(`Status: ${escapeMarkdown(ticket.status)}  \n`);
    if (ticket?.assignee) md.appendMarkdown(`Assignee: ${escapeMarkdown(ticket.assignee)}  \n`);
    if (!ticket) md.appendMarkdown('_Not in the ticket cache._');
    const range = new vscode.Range(document.positionAt(ref.index), document.positionAt(ref.index + ref.length));
    return new vscode.Hover(md, range);
  }

  private rootOf(document: vscode.TextDocument): vscode.Uri | undefined {
    return scmInputRoot(document) ?? this.git.repositoryFor(document.uri)?.rootUri;
  }
}
