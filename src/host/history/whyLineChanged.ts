import { relative } from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { findTickets, ticketSyntaxOf } from '../../core/tickets/ticketRefs';
import { LineAnswerCache } from '../../core/history/lineAnswerCache';
import type { CommandDefinition, CommandServices } from '../commands/commandContext';
import { escapeMarkdown } from '../tickets/ticketCompletionProvider';
import { ago } from './historyNodes';
import { sharedLiveIn } from './sharedLiveIn';

/**
 * The "Why did this line change?" hover. It never makes typing wait: an answer the command armed,
 * or one computed earlier, shows at once; otherwise the hover shows nothing and the answer is
 * computed off the hot path (cancelled when the cursor leaves the line) for the next hover.
 */
export class WhyLineHover implements vscode.HoverProvider {
  private pending: { uri: string; line: number; markdown: vscode.MarkdownString } | undefined;
  private answers: LineAnswerCache<vscode.MarkdownString> | undefined;
  private readonly asked = new Map<string, { document: vscode.TextDocument; line: number }>();

  /** Arms the hover with the answer for `uri`:`line`. */
  arm(uri: vscode.Uri, line: number, markdown: vscode.MarkdownString): void {
    this.pending = { uri: uri.toString(), line, markdown };
  }

  /** Lets hovers answer any line: `explain` computes an answer (blame, index, live-in), honouring `signal`. */
  answerWith(explain: (document: vscode.TextDocument, line: number, signal: AbortSignal) => Promise<vscode.MarkdownString | undefined>): vscode.Disposable {
    const answers = new LineAnswerCache<vscode.MarkdownString>(async (key, signal) => {
      const asked = this.asked.get(key);
      this.asked.delete(key);
      return asked ? explain(asked.document, asked.line, signal) : undefined;
    });
    this.answers = answers;
    return vscode.Disposable.from(
      vscode.window.onDidChangeTextEditorSelection((e) => e.selections[0] && answers.moveTo(lineKey(e.textEditor.document, e.selections[0].active.line))),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && answers.forget(`${e.document.uri.toString()}#`)),
      { dispose: () => answers.cancel() },
    );
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position, token?: vscode.CancellationToken): vscode.Hover | undefined {
    const p = this.pending;
    const range = () => document.lineAt(position.line).range;
    if (p && p.uri === document.uri.toString() && p.line === position.line) return new vscode.Hover(p.markdown, range());
    if (!this.answers) return undefined;
    const key = lineKey(document, position.line);
    const ready = this.answers.peek(key);
    if (ready) return new vscode.Hover(ready, range());
    // Not ready: show nothing rather than wait, and work it out for the next hover.
    if (!token?.isCancellationRequested) {
      this.asked.set(key, { document, line: position.line });
      void this.answers.warm(key);
    }
    return undefined;
  }

  /** The last answer (for tests and the API). */
  get last(): string | undefined {
    return this.pending?.markdown.value;
  }
}

/** A line of one version of a document. */
function lineKey(document: vscode.TextDocument, line: number): string {
  return `${document.uri.toString()}#${document.version}#${line}`;
}

/** ChangeTrail: Why Did This Line Change?: blame -> commit -> ticket -> change record -> where it is live, in one hover. */
export const whyDidThisLineChangeCommand: CommandDefinition = {
  id: 'changetrail.whyDidThisLineChange',
  run: async (services) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('ChangeTrail: open a file and put the cursor on a line first.');
      return undefined;
    }
    const { document } = editor;
    const line = editor.selection.active.line;
    const md = await explainLine(services, document, line);
    if (!md) {
      void vscode.window.showInformationMessage('ChangeTrail: this file is not in a git repository.');
      return undefined;
    }
    services.whyHover.arm(document.uri, line, md);
    await vscode.commands.executeCommand('editor.action.showHover');
    return md.value;
  },
};

/** The answer for a line, or undefined when its file is in no repository; stops early when `signal` aborts. */
export async function explainLine({ git, records, tickets, teamConfig, logger, clock }: CommandServices, document: vscode.TextDocument, line: number, signal?: AbortSignal): Promise<vscode.MarkdownString | undefined> {
  const repo = git.repositoryFor(document.uri);
  const root = repo?.rootUri;
  if (!root || relative(root.fsPath, document.uri.fsPath).startsWith('..')) return undefined;
  const lib = await import('../../core/history/historyEntry');
  const { config } = await teamConfig.get(root);
  const md = new vscode.MarkdownString();
  try {
    // Where the line's commit may be live is worked out while git blames it.
    const indexAsked = records.index(root, config);
    const headsAsked = indexAsked
      .then(async (index) => (await import('../../core/records/recordsEntry')).latestDeployments(index, config.environments))
      .catch(() => [])
      .then((deployments) => lib.deployedHeads(root.fsPath, config.environments, { deploymentRecords: deployments, tagPattern: config.deployments.tagPattern, logger, gitPath: git.gitPath }));
    headsAsked.catch(() => undefined);
    const blame = await lib.blameLine(root.fsPath, relative(root.fsPath, document.uri.fsPath), line + 1, { contents: document.isDirty ? document.getText() : undefined, logger, gitPath: git.gitPath, signal });
    if (blame.kind === 'uncommitted') {
      md.appendMarkdown(`**Not committed yet.** ${escapeMarkdown(blame.message)}`);
    } else {
      const index = await indexAsked;
      // The incidents the commit went out with are asked beside its record, not after it.
      const incidents = await import('../../core/incidents/incidentsEntry');
      const incidentsAsked = incidents.incidentsForCommits(index, [blame.sha], incidents.deploymentCommits(root.fsPath, { gitPath: git.gitPath, logger })).catch(() => []);
      // The newest record naming the commit, read alone (not every record naming it), and kept for the next hover.
      const record = (await (await import('../../core/records/recordsEntry')).recordsByCommit(index, [blame.sha]).catch(() => new Map())).get(blame.sha);
      const heads = await headsAsked;
      signal?.throwIfAborted();
      // One index of deployed heads' ancestors for every hover and File History: a head's history is read once.
      const live = await sharedLiveIn(lib, logger, git.gitPath).liveIn(root.fsPath, blame.sha, heads);
      const ids = findTickets(blame.summary, ticketSyntaxOf(config)).map((t) => t.id);
      const directory = await tickets.directory(root).catch(() => undefined);
      const title = ids[0] ? directory?.find(ids[0])?.title : undefined;
      md.appendMarkdown(`**${escapeMarkdown(ids.join(', ') || 'No ticket')}** ${escapeMarkdown(title ?? blame.summary)}\n\n`);
      md.appendMarkdown(`${escapeMarkdown(blame.author.name)} · ${ago(blame.authorDate, clock.now())} · \`${blame.sha.slice(0, 7)}\`\n\n`);
      md.appendMarkdown(`${live.map((l) => `${escapeMarkdown(l.environment)}: ${l.live === true ? 'live' : l.live === false ? 'not live' : 'unknown'}`).join(' · ')}\n\n`);
      if (record) {
        md.appendMarkdown(`Change record: ${escapeMarkdown(record.title)}\n\n`);
        md.appendMarkdown(`Why: ${escapeMarkdown(record.reason || record.description)}\n\n`);
        md.appendMarkdown(`Rollback: ${escapeMarkdown(record.rollbackPlan)}\n\n`);
      } else md.appendMarkdown(`No change record. Rollback: revert \`${blame.sha.slice(0, 7)}\`\n\n`);
      // The commit went out in a deployment that caused an incident: support must see that first-hand.
      for (const found of await incidentsAsked) md.appendMarkdown(`**Incident ${escapeMarkdown(found.incident.incidentId)}**: this commit ${escapeMarkdown(incidents.commitIncidentText(found))}\n\n`);
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    md.appendMarkdown(`ChangeTrail cannot tell: ${escapeMarkdown(errorMessage(error))}`);
  }
  return md;
}
