import * as vscode from 'vscode';
import type { TicketSummary } from '../../core/tickets/providers/trackerProvider';
import { findTickets } from '../../core/tickets/ticketRefs';
import type { CommandServices } from '../commands/commandContext';

/** A ticket chosen in the picker: a cached ticket with its title, or an ID typed that the cache does not know. */
export type PickedTicket = { readonly key: string; readonly title?: string };

type Item = vscode.QuickPickItem & { readonly ticket: PickedTicket };

function itemOf(t: TicketSummary, note?: string): Item {
  return {
    label: t.title,
    description: t.key,
    detail: [note, t.status, t.assignee ? `assigned to ${t.assignee}` : 'unassigned'].filter(Boolean).join(' · '),
    alwaysShow: true,
    ticket: { key: t.key, title: t.title },
  };
}

/**
 * A quick pick over the repository's ticket directory, searched by ID or by words of the title
 * (the same search as commit completion), each row with title, status and assignee. A ticket ID
 * the cache does not know can still be typed. The clipboard is only a suggestion: it is read in
 * the background and never holds the picker up (a browser may never answer).
 */
export async function pickTicket(services: CommandServices, prompt: string): Promise<PickedTicket | undefined> {
  const { currentChange, tickets, logger } = services;
  const root = currentChange.snapshot.repoRoot;
  const syntax = currentChange.snapshot.config?.tickets ?? { projects: [], patterns: [] };
  const directory = root ? await tickets.directory(root).catch(() => undefined) : undefined;
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = `ChangeTrail: ${prompt}`;
  pick.placeholder = `Search tickets by ID or title${syntax.projects[0] ? ` (e.g. ${syntax.projects[0]}-123 or a word of the title)` : ''}`;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.ignoreFocusOut = true;
  let fromClipboard: Item | undefined;
  const update = () => {
    const query = pick.value.trim();
    const found = (directory?.search(query, 30) ?? []).map((t) => itemOf(t));
    const typed = findTickets(query, syntax)[0]?.id;
    const known = typed ? directory?.find(typed) : undefined;
    const extra: Item[] = typed && !known && !found.some((i) => i.ticket.key === typed)
      ? [{ label: `Use ${typed}`, description: 'not in the ticket cache', alwaysShow: true, ticket: { key: typed } }]
      : [];
    const clip = fromClipboard && !query ? [fromClipboard] : [];
    pick.items = [...clip, ...extra, ...found.filter((i) => !clip.some((c) => c.ticket.key === i.ticket.key))];
  };
  pick.onDidChangeValue(update);
  update();
  // Never awaited before the picker shows: without clipboard permission the read may never settle.
  // In a browser the read asks for permission and its refusal notice takes the focus, closing the
  // picker: only the desktop gets the suggestion.
  const clipboardRead = vscode.env.uiKind === vscode.UIKind.Desktop ? Promise.resolve() : Promise.reject(new Error('the browser asks for permission; not read'));
  void clipboardRead
    .then(() => vscode.env.clipboard.readText())
    .then((text) => {
      const id = findTickets(text, syntax)[0]?.id;
      if (!id) return;
      const cached = directory?.find(id);
      fromClipboard = cached ? itemOf(cached, 'from the clipboard') : { label: `Use ${id}`, description: 'from the clipboard', alwaysShow: true, ticket: { key: id } };
      update();
    })
    .catch((error: unknown) => logger.info(`Create Branch: clipboard not readable (${String(error)}); continuing without it`));
  pick.show();
  const chosen = await new Promise<PickedTicket | undefined>((resolve) => {
    pick.onDidAccept(() => resolve((pick.selectedItems[0] ?? pick.activeItems[0])?.ticket));
    pick.onDidHide(() => resolve(undefined));
  });
  pick.dispose();
  return chosen;
}
