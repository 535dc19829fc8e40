import { relative } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { findTickets } from '../../core/tickets/ticketRefs';
import type { CommandDefinition } from '../commands/commandContext';
import { escapeMarkdown } from '../tickets/ticketCompletionProvider';
import { ago } from './historyNodes';

/** Answers a hover for the line "Why Did This Line Change?" was asked about, once. */
export class WhyLineHover implements vscode.HoverProvider {
  private pending: { uri: string; line: number; markdown: vscode.MarkdownString } | undefined;

  /** Arms the hover with the answer for `uri`:`line`. */
  arm(uri: vscode.Uri, line: number, markdown: vscode.MarkdownString): void {
    this.pending = { uri: uri.toString(), line, markdown };
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const p = this.pending;
    if (!p || p.uri !== document.uri.toString() || p.line !== position.line) return undefined;
    return new vscode.Hover(p.markdown, document.lineAt(position.line).range);
  }

  /** The last answer (for tests and the API). */
  get last(): string | undefined {
    return this.pending?.markdown.value;
  }
}

/** ChangeTrail: Why Did This Line Change?: blame -> commit -> ticket -> change record -> where it is live, in one hover. */
export const whyDidThisLineChangeCommand: CommandDefinition = {
  id: 'changetrail.whyDidThisLineChange',
  run: async ({ git, records, tickets, teamConfig, whyHover, logger }) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return undefined;
    const { document } = editor;
    const line = editor.selection.active.line;
    const repo = git.repositoryFor(document.uri);
    const root = repo?.rootUri;
    if (!root || relative(root.fsPath, document.uri.fsPath).startsWith('..')) {
      void vscode.window.showInformationMessage('ChangeTrail: this file is not in a git repository.');
      return undefined;
    }
    const lib = await import('../../core/history/historyEntry');
    const { config } = await teamConfig.get(root);
    const md = new vscode.MarkdownString();
    try {
      const blame = await lib.blameLine(root.fsPath, relative(root.fsPath, document.uri.fsPath), line + 1, { contents: document.isDirty ? document.getText() : undefined, logger, gitPath: git.gitPath });
      if (blame.kind === 'uncommitted') {
        md.appendMarkdown(`**Not committed yet.** ${escapeMarkdown(blame.message)}`);
      } else {
        const index = await records.index(root, config);
        const record = (await index.recordsForCommits([blame.sha]).catch(() => []))[0];
        const deployments = await (await import('../../core/records/recordsEntry')).latestDeployments(index, config.environments).catch(() => []);
        const heads = await lib.deployedHeads(root.fsPath, config.environments, { deploymentRecords: deployments, tagPattern: config.deployments.tagPattern, logger });
        const live = await new lib.LiveInIndex(logger).liveIn(root.fsPath, blame.sha, heads);
        const ids = findTickets(blame.summary, config.tickets).map((t) => t.id);
        const directory = await tickets.directory(root).catch(() => undefined);
        const title = ids[0] ? directory?.find(ids[0])?.title : undefined;
        md.appendMarkdown(`**${escapeMarkdown(ids.join(', ') || 'No ticket')}** ${escapeMarkdown(title ?? blame.summary)}\n\n`);
        md.appendMarkdown(`${escapeMarkdown(blame.author.name)} · ${ago(blame.authorDate)} · \`${blame.sha.slice(0, 7)}\`\n\n`);
        md.appendMarkdown(`${live.map((l) => `${escapeMarkdown(l.environment)}: ${l.live === true ? 'live' : l.live === false ? 'not live' : 'unknown'}`).join(' · ')}\n\n`);
        if (record) {
          md.appendMarkdown(`Change record: ${escapeMarkdown(record.title)}\n\n`);
          md.appendMarkdown(`Why: ${escapeMarkdown(record.reason || record.description)}\n\n`);
          md.appendMarkdown(`Rollback: ${escapeMarkdown(record.rollbackPlan)}\n\n`);
        } else md.appendMarkdown(`No change record. Rollback: revert \`${blame.sha.slice(0, 7)}\`\n\n`);
      }
    } catch (error) {
      md.appendMarkdown(`ChangeTrail cannot tell: ${escapeMarkdown(errorMessage(error))}`);
    }
    whyHover.arm(document.uri, line, md);
    await vscode.commands.executeCommand('editor.action.showHover');
    return md.value;
  },
};
