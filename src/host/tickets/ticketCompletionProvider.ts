import * as vscode from 'vscode';
import type { TicketSummary } from '../../core/tickets/providers/trackerProvider';
import type { GitRepository } from '../git/gitApiTypes';
import type { BuiltinGit } from '../git/builtinGit';
import type { SettingsService } from '../settings';
import type { TeamConfigService } from '../teamConfigService';
import { scmInputRoot } from '../scm/scmInputRepository';
import { typedToken } from '../../core/tickets/typedToken';
import { completionTickets } from './completionTickets';
import type { TicketService } from './ticketService';

interface TicketItem extends vscode.CompletionItem {
  readonly ticket: TicketSummary;
  readonly root: vscode.Uri;
}

/**
 * Ticket completion in the Source Control commit box (`scminput`) and COMMIT_EDITMSG
 * (`git-commit`): from the cache at once, the trackers' search merged in when the cache has few
 * hits; details (status, assignee) resolved lazily.
 */
export class TicketCompletionProvider implements vscode.CompletionItemProvider<TicketItem> {
  constructor(
    private readonly tickets: TicketService,
    private readonly teamConfig: TeamConfigService,
    private readonly git: BuiltinGit,
    private readonly settings: SettingsService,
  ) {}

  get triggerCharacters(): string[] {
    const extra = this.settings.current['completion.triggerCharacter'];
    return ['#', '-', ...(extra ? [extra] : [])];
  }

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken, context: vscode.CompletionContext): Promise<vscode.CompletionList<TicketItem> | undefined> {
    const root = this.rootOf(document);
    if (!root) return undefined;
    const prefix = document.lineAt(position.line).text.slice(0, position.character);
    const trigger = this.settings.current['completion.triggerCharacter'];
    const typed = typedToken(prefix, trigger);
    const invoked = context.triggerKind === vscode.CompletionTriggerKind.Invoke;
    if (!typed && !invoked) return undefined;
    // Plain words only count when they look like the start of a key, or completion was asked for.
    const text = typed?.text ?? '';
    // The projects of the document's own repository (another repository's commit box may be the one typed in).
    const { config } = await this.teamConfig.get(root);
    const looksLikeKey = /^(AB)?#/.test(text) || (trigger !== '' && text.startsWith(trigger)) || /-/.test(text) ||
      config.tickets.projects.some((p) => p.startsWith(text.toUpperCase()) && text.length > 0);
    if (!looksLikeKey && !invoked) return undefined;
    const query = trigger && text.startsWith(trigger) ? text.slice(trigger.length) : text;
    const directory = await this.tickets.directory(root);
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    // A hanging tracker never holds the list: after a short wait the offline cache answers alone.
    const tickets = await completionTickets(directory, query, abort.signal, 50);
    const range = new vscode.Range(position.line, typed ? typed.start : position.character, position.line, position.character);
    const format = this.settings.current['completion.insertFormat'];
    const items = tickets.map((ticket, i): TicketItem => ({
      label: { label: ticket.key, description: ticket.title },
      detail: [ticket.status, ticket.assignee].filter(Boolean).join(' · ') || undefined,
      kind: vscode.CompletionItemKind.Reference,
      insertText: format.split('${key}').join(ticket.key).split('${title}').join(ticket.title),
      filterText: `${text}${ticket.key} ${ticket.title}`,
      sortText: String(i).padStart(4, '0'),
      range,
      command: { title: 'Record use', command: 'changetrail.recordTicketUse', arguments: [ticket.key] },
      ticket,
      root,
    }));
    return new vscode.CompletionList(items, true);
  }

  async resolveCompletionItem(item: TicketItem, token: vscode.CancellationToken): Promise<TicketItem> {
    const directory = await this.tickets.directory(item.root);
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const fresh = (await directory.details(item.ticket.key, abort.signal)) ?? item.ticket;
    const md = new vscode.MarkdownString(`**${fresh.key}** ${escapeMarkdown(fresh.title)}\n\n`);
    if (fresh.status) md.appendMarkdown(`Status: ${escapeMarkdown(fresh.status)}  \n`);
    if (fresh.assignee) md.appendMarkdown(`Assignee: ${escapeMarkdown(fresh.assignee)}  \n`);
    if (fresh.url && /^https?:/.test(fresh.url)) md.appendMarkdown(`\n[Open in tracker](${fresh.url})`);
    return { ...item, detail: [fresh.status, fresh.assignee].filter(Boolean).join(' · ') || item.detail, documentation: md };
  }

  private rootOf(document: vscode.TextDocument): vscode.Uri | undefined {
    const fromScm = scmInputRoot(document);
    if (fromScm) return fromScm;
    const repo: GitRepository | undefined = this.git.repositoryFor(document.uri);
    return repo?.rootUri;
  }
}

/** Escapes text for a MarkdownString. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
