import * as vscode from 'vscode';
import { type HistoryNode, ago, liveBadge, liveText } from './historyNodes';
import { liveIcon } from './liveIcon';

/** How a File History row looks: label, description, icon, tooltip and click action; `now` dates the "ago". */
export function historyTreeItem(node: HistoryNode, now: number): vscode.TreeItem {
  switch (node.kind) {
    case 'message': {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.text;
      return item;
    }
    case 'uncommitted': {
      const item = new vscode.TreeItem('Uncommitted changes');
      item.iconPath = new vscode.ThemeIcon('edit');
      item.command = { title: 'Open Changes', command: 'git.openChange', arguments: [node.file] };
      return item;
    }
    case 'loadMore': {
      const item = new vscode.TreeItem('Load More...');
      item.iconPath = new vscode.ThemeIcon('more');
      item.command = { title: 'Load More', command: 'changetrail.history.loadMore' };
      return item;
    }
    case 'detail': {
      const item = new vscode.TreeItem(node.label);
      item.description = node.description;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.tooltip ?? node.description;
      item.command = node.command;
      return item;
    }
    case 'commit': {
      const { entry } = node;
      // The commit's own subject: three commits of one ticket must not read the same.
      const item = new vscode.TreeItem(entry.subject, vscode.TreeItemCollapsibleState.Collapsed);
      const live = liveText(node.liveIn);
      // Where it is live comes first, so a narrow side bar cuts the author, not the live-in badge.
      item.description = [liveBadge(node.liveIn), ...node.incidents.map((i) => `incident ${i.id}`), entry.tickets.join(', '), node.record ? 'record' : '', ago(entry.authorDate, now), entry.author.name].filter(Boolean).join(' · ');
      // The icon says where it is live, so a narrow side bar that cuts the description still shows it.
      item.iconPath = liveIcon(node.liveIn) ?? new vscode.ThemeIcon(node.record ? 'notebook' : entry.isMerge ? 'git-merge' : 'git-commit');
      item.contextValue = `changetrail.commit${node.ticketUrl ? '.ticket' : ''}${node.record ? '.record' : ''}`;
      const tip = new vscode.MarkdownString();
      tip.appendText(`${entry.subject}\n\n${entry.author.name} <${entry.author.email}> · ${new Date(entry.authorDate).toLocaleString()}\n${entry.sha}\n`);
      if (node.ticketTitle) tip.appendText(`\nTicket: ${entry.tickets[0]} ${node.ticketTitle}\n`);
      if (node.record) tip.appendText(`\nChange record: ${node.record.title}\nRollback: ${node.record.rollbackPlan}\n`);
      if (live) tip.appendText(`\n${live}\n`);
      for (const i of node.incidents) tip.appendText(`\nThis commit ${i.text}\n`);
      item.tooltip = tip;
      item.command = { title: 'Open Diff', command: 'changetrail.history.openDiff', arguments: [node] };
      return item;
    }
  }
}
