import * as vscode from 'vscode';
import type { CommandDefinition } from '../commands/commandContext';
import type { HistoryNode } from './historyNodes';

type CommitNode = Extract<HistoryNode, { kind: 'commit' }>;

/** The commit row a context-menu command was run on. */
function commitOf(arg: unknown): CommitNode | undefined {
  return arg && typeof arg === 'object' && (arg as HistoryNode).kind === 'commit' ? (arg as CommitNode) : undefined;
}

/** File History: open the diff of a commit against its first parent (renames followed). */
export const openHistoryDiffCommand: CommandDefinition = {
  id: 'changetrail.history.openDiff',
  run: async ({ git }, arg?: unknown) => {
    const node = commitOf(arg);
    if (!node) return undefined;
    const { entry, root } = node;
    const right = git.toGitUri(vscode.Uri.joinPath(root, entry.path), entry.sha);
    if (!right) return undefined;
    const title = `${entry.path.split('/').pop()} (${entry.sha.slice(0, 7)}) ${entry.tickets[0] ?? ''}`.trim();
    if (entry.parents.length === 0 || entry.status === 'A') return vscode.commands.executeCommand('vscode.open', right);
    const left = git.toGitUri(vscode.Uri.joinPath(root, entry.previousPath ?? entry.path), `${entry.sha}^`);
    return vscode.commands.executeCommand('vscode.diff', left, right, title);
  },
};

/** File History: copy a support-ready line (ticket · what · who · when · where live · rollback). */
export const copyHistorySummaryCommand: CommandDefinition = {
  id: 'changetrail.history.copySummary',
  run: async (_services, arg?: unknown) => {
    const node = commitOf(arg);
    if (!node) return undefined;
    await vscode.env.clipboard.writeText(node.summary);
    void vscode.window.setStatusBarMessage('ChangeTrail: summary copied', 3000);
    return node.summary;
  },
};

/** File History: show the commit's change record as JSON (read-only). */
export const openHistoryRecordCommand: CommandDefinition = {
  id: 'changetrail.history.openRecord',
  run: async (_services, arg?: unknown) => {
    const node = commitOf(arg);
    if (!node?.record) {
      void vscode.window.showInformationMessage('ChangeTrail: no change record names this commit.');
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(node.record, null, 2) });
    return vscode.window.showTextDocument(doc, { preview: true });
  },
};

/** File History: the commit's ticket in the tracker. */
export const openHistoryTicketCommand: CommandDefinition = {
  id: 'changetrail.history.openTicket',
  run: async (_services, arg?: unknown) => {
    const node = commitOf(arg);
    if (!node?.ticketUrl) return undefined;
    return vscode.env.openExternal(vscode.Uri.parse(node.ticketUrl, true));
  },
};

/** File History: Load More. */
export const loadMoreHistoryCommand: CommandDefinition = {
  id: 'changetrail.history.loadMore',
  run: ({ history }) => history.loadMore(),
};
