import * as vscode from 'vscode';
import type { WhatChanged } from '../../core/incidents/whatChangedTypes';
import { type WhatChangedNode, changeRows, deploymentRows } from './whatChangedNodes';

/** What the view needs besides the answer: where it was asked and how to open a ticket. */
export interface WhatChangedContext {
  readonly root: vscode.Uri;
  readonly timeZone: string;
  /** The ticket's page: the tickets.urlTemplate (setting, else team config), else the ticket directory's link. */
  readonly ticketUrl: (ticket: string) => string | undefined;
  /** The answer as Markdown, to copy into a ticket or chat. */
  readonly markdown: string;
}

/**
 * The "What Changed" view: the answer of What Changed Before...?, deployments newest first with
 * their changes as children, suspects first; each row has its actions (open ticket, open diff,
 * copy rollback command, open incident).
 */
export class WhatChangedProvider implements vscode.TreeDataProvider<WhatChangedNode>, vscode.Disposable {
  static readonly viewId = 'changetrail.whatChanged';
  private readonly _onDidChangeTreeData = new vscode.EventEmitter<WhatChangedNode | undefined>();
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private shown: { answer: WhatChanged; context: WhatChangedContext } | undefined;
  private rows: WhatChangedNode[] = [];
  private view: vscode.TreeView<WhatChangedNode> | undefined;

  /** The view this provider fills: its description says which question it answers. */
  attach(view: vscode.TreeView<WhatChangedNode>): void {
    this.view = view;
  }

  /** Shows an answer (replacing the last one) and brings the view into sight. */
  async show(answer: WhatChanged, context: WhatChangedContext): Promise<void> {
    this.shown = { answer, context };
    this.rows = deploymentRows(answer);
    if (this.view) this.view.description = `${answer.environment}${answer.system ? ` · ${answer.system}` : ''} before ${this.time(answer.at)}`;
    this._onDidChangeTreeData.fire(undefined);
    await vscode.commands.executeCommand('setContext', 'changetrail.whatChangedShown', true);
    await vscode.commands.executeCommand(`${WhatChangedProvider.viewId}.focus`);
  }

  /** The answer shown, with where it was asked (for the view's actions and tests). */
  get current(): { answer: WhatChanged; context: WhatChangedContext } | undefined {
    return this.shown;
  }

  getChildren(node?: WhatChangedNode): WhatChangedNode[] {
    if (!node) return this.rows;
    if (node.kind !== 'deployment' || !this.shown) return [];
    return changeRows(this.shown.answer, node.deployment, this.shown.context.ticketUrl);
  }

  getTreeItem(node: WhatChangedNode): vscode.TreeItem {
    switch (node.kind) {
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.text;
        return item;
      }
      case 'deployment': {
        const d = node.deployment;
        const name = d.kind === 'rollback' ? 'Rollback' : d.source === 'record' ? 'Deployment' : d.source === 'tag' ? `Tag ${d.ref}` : d.source === 'manual' ? 'Manual change' : `Commit ${d.ref.slice(0, 7)}`;
        // Deployments holding a suspect open, so the likely cause is in sight without a click.
        const item = new vscode.TreeItem(`${this.time(d.at)} ${name}`, node.rank !== undefined ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `deployment:${d.ref}`;
        const changes = d.changes.length + d.unrecorded.length;
        item.description = [node.rank !== undefined ? `suspect #${node.rank}` : '', d.by ?? '', `${changes} change${changes === 1 ? '' : 's'}`, d.commit ? d.commit.slice(0, 7) : ''].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(node.rank === 1 ? 'flame' : d.kind === 'rollback' ? 'discard' : 'rocket');
        item.contextValue = `changetrail.whatChanged.deployment${d.rollback.command ? '.rollback' : ''}${d.commit ? '.diff' : ''}`;
        const tip = new vscode.MarkdownString();
        tip.appendText(`${name} to ${node.environment} at ${this.time(d.at)}${d.by ? ` by ${d.by}` : ''}\n${d.ref}\n\nUndo: ${d.rollback.explanation}\n`);
        if (d.rollback.command) tip.appendCodeblock(d.rollback.command, 'shell');
        if (d.freezeOverride) tip.appendText(`\nFreeze override: ${d.freezeOverride}\n`);
        item.tooltip = tip;
        return item;
      }
      case 'change': {
        const c = node.change;
        const item = new vscode.TreeItem(c.title);
        item.id = `change:${node.deployment.ref}:${c.recordId ?? c.title}`;
        item.description = [node.rank !== undefined ? `suspect #${node.rank}` : '', c.tickets.join(', '), c.author, c.systems.join(', '), c.riskFlags.length ? `${c.riskFlags.length} risk flag${c.riskFlags.length === 1 ? '' : 's'}` : '', c.rollbackPlan ? '' : 'no rollback plan'].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon(node.rank === 1 ? 'flame' : c.riskFlags.some((f) => f.severity === 'danger') ? 'warning' : c.origin === 'manual' ? 'tools' : 'git-commit');
        item.contextValue = `changetrail.whatChanged.change${node.ticketUrl ? '.ticket' : ''}${c.commits.length ? '.diff' : ''}`;
        const tip = new vscode.MarkdownString();
        tip.appendText(`${c.title}\n\n${c.description}\n\n`);
        if (node.reasons.length) tip.appendText(`Suspect #${node.rank}: ${node.reasons.join('; ')}\n`);
        tip.appendText(`Author: ${c.author}${c.owners.length ? ` · Owner: ${c.owners.join(', ')}` : ''}\n`);
        for (const f of c.riskFlags) tip.appendText(`Risk: ${f.message}\n`);
        tip.appendText(`Rollback plan: ${c.rollbackPlan ?? 'none written down'}\n`);
        if (c.escalation) tip.appendText(`Escalate to: ${c.escalation}\n`);
        if (c.runbook) tip.appendText(`Runbook: ${c.runbook}\n`);
        item.tooltip = tip;
        if (c.commits.length) item.command = { title: 'Open Diff', command: 'changetrail.whatChanged.openDiff', arguments: [node] };
        return item;
      }
      case 'commit': {
        const item = new vscode.TreeItem(node.subject);
        item.description = `no change record · ${node.author} · ${node.sha.slice(0, 7)}`;
        item.iconPath = new vscode.ThemeIcon('circle-slash');
        item.contextValue = 'changetrail.whatChanged.commit.diff';
        item.tooltip = `${node.subject}\n${node.sha}\nNo change record covers this commit.`;
        item.command = { title: 'Open Diff', command: 'changetrail.whatChanged.openDiff', arguments: [node] };
        return item;
      }
    }
  }

  private time(iso: string): string {
    const zone = this.shown?.context.timeZone;
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso)).replace(',', '');
    } catch {
      return iso.slice(0, 16).replace('T', ' ');
    }
  }

  dispose(): void {
    this._onDidChangeTreeData.dispose();
  }
}
