import * as vscode from 'vscode';
import type { CommandDefinition } from '../commands/commandContext';
import type { WhatChangedNode } from './whatChangedNodes';

// The actions of the "What Changed" view's rows and title (one view, one file, as historyCommands.ts).

/** A row a context-menu or inline action was run on. */
function rowOf<K extends WhatChangedNode['kind']>(arg: unknown, ...kinds: K[]): Extract<WhatChangedNode, { kind: K }> | undefined {
  const node = arg as WhatChangedNode | undefined;
  return node && typeof node === 'object' && (kinds as string[]).includes(node.kind) ? (node as Extract<WhatChangedNode, { kind: K }>) : undefined;
}

/** What Changed: the change's ticket in the tracker. */
export const openWhatChangedTicketCommand: CommandDefinition = {
  id: 'changetrail.whatChanged.openTicket',
  run: async (_services, arg?: unknown) => {
    const node = rowOf(arg, 'change');
    if (!node?.ticketUrl) {
      void vscode.window.showInformationMessage('ChangeTrail: no link for this ticket (set tickets.urlTemplate in the team config).');
      return undefined;
    }
    await vscode.env.openExternal(vscode.Uri.parse(node.ticketUrl, true));
    return node.ticketUrl;
  },
};

/** What Changed: the diff of a change's commits, of an unrecorded commit, or of a whole deployment (previous commit to deployed commit). */
export const openWhatChangedDiffCommand: CommandDefinition = {
  id: 'changetrail.whatChanged.openDiff',
  run: async ({ whatChanged, git, logger }, arg?: unknown) => {
    const node = rowOf(arg, 'deployment', 'change', 'commit');
    const root = whatChanged.current?.context.root;
    if (!node || !root) return undefined;
    const d = node.deployment;
    const args =
      node.kind === 'commit' ? ['show', '--stat', '--patch', node.sha]
      : node.kind === 'change' ? ['show', '--stat', '--patch', ...node.change.commits]
      : d.previousCommit && d.commit ? ['diff', '--stat', '--patch', d.previousCommit, d.commit]
      : d.commit ? ['show', '--stat', '--patch', d.commit]
      : undefined;
    if (!args || args.length <= 3) {
      void vscode.window.showInformationMessage('ChangeTrail: this change has no commits to show (it was made outside git).');
      return undefined;
    }
    const { runGit } = await import('../../core/git/runGit');
    const text = await runGit(['--no-pager', ...args], { cwd: root.fsPath, gitPath: git.gitPath, logger });
    const doc = await vscode.workspace.openTextDocument({ language: 'diff', content: text });
    await vscode.window.showTextDocument(doc, { preview: true });
    return args;
  },
};

/** What Changed: the exact rollback command of a deployment, to the clipboard. */
export const copyWhatChangedRollbackCommand: CommandDefinition = {
  id: 'changetrail.whatChanged.copyRollback',
  run: async (_services, arg?: unknown) => {
    const node = rowOf(arg, 'deployment', 'change', 'commit');
    const step = node?.deployment.rollback;
    if (!step) return undefined;
    if (!step.command) {
      void vscode.window.showInformationMessage(`ChangeTrail: no single command undoes this: ${step.explanation}`);
      return undefined;
    }
    await vscode.env.clipboard.writeText(step.command);
    void vscode.window.setStatusBarMessage('ChangeTrail: rollback command copied', 3000);
    return step.command;
  },
};

/** What Changed: open an incident on the environment asked about, with this answer's suspects attached. */
export const openWhatChangedIncidentCommand: CommandDefinition = {
  id: 'changetrail.whatChanged.openIncident',
  run: async ({ whatChanged }, arg?: unknown) => {
    const shown = whatChanged.current;
    if (!shown) return vscode.commands.executeCommand('changetrail.openIncident');
    const { answer } = shown;
    // From a deployment's row: its suspects first, the others after.
    const ref = rowOf(arg, 'deployment', 'change', 'commit')?.deployment.ref;
    const suspects = ref ? [...answer.suspects.filter((s) => s.deployment === ref), ...answer.suspects.filter((s) => s.deployment !== ref)] : answer.suspects;
    return vscode.commands.executeCommand('changetrail.openIncident', { environment: answer.environment, systems: answer.system ? [answer.system] : undefined, suspects, ...(typeof arg === 'object' && arg && 'title' in arg ? arg : {}) });
  },
};

/** What Changed: the whole answer as Markdown, to paste into a ticket or chat. */
export const copyWhatChangedMarkdownCommand: CommandDefinition = {
  id: 'changetrail.whatChanged.copyMarkdown',
  run: async ({ whatChanged }) => {
    const markdown = whatChanged.current?.context.markdown;
    if (!markdown) return undefined;
    await vscode.env.clipboard.writeText(markdown);
    void vscode.window.setStatusBarMessage('ChangeTrail: answer copied as Markdown', 3000);
    return markdown;
  },
};
