import * as vscode from 'vscode';
import { nowDate } from '../../core/clock';
import { errorMessage } from '../../core/errors';
import { gitIdentity, repositoryName } from '../../core/git/changeStats';
import type { LogEntry } from '../../core/records/changeRecord';
import type { CommandDefinition } from './commandContext';

/** Options a script or test passes instead of answering prompts. */
interface RecordDeploymentArgs {
  readonly environment?: string;
  readonly ref?: string;
  readonly overrideReason?: string;
  /** Skip the confirmation (the preview still opens). */
  readonly confirm?: boolean;
}

/**
 * ChangeTrail: Record Deployment...: what changed since the last deployment to an environment,
 * as a deployment note in plain language; after confirmation a DeploymentRecord goes to the
 * change log, the note to the team's channels (through the outbox), Markdown to the clipboard,
 * and optionally an annotated deploy tag.
 */
export const recordDeploymentCommand: CommandDefinition = {
  id: 'changetrail.recordDeployment',
  run: async ({ currentChange, records, git, logger, clock }, argsArg?: unknown) => {
    const args = (argsArg && typeof argsArg === 'object' ? argsArg : {}) as RecordDeploymentArgs;
    const { repoRoot: root, config } = currentChange.snapshot;
    if (!root || !config) {
      void vscode.window.showInformationMessage('ChangeTrail: open a git repository first.');
      return undefined;
    }
    const environment = args.environment ?? (await vscode.window.showQuickPick([...config.environments].reverse(), { title: 'ChangeTrail: Record Deployment to...' }));
    if (!environment) return undefined;
    const lib = await import('../../core/records/recordsEntry');
    const options = { cwd: root.fsPath, gitPath: git.gitPath, logger };
    const [by, repository] = await Promise.all([gitIdentity(options), repositoryName(options)]);
    const index = await records.index(root, config);
    const entries: LogEntry[] = await lib.deploymentCandidates(index, environment).catch(() => []);
    const range = await lib.deploymentRange(root.fsPath, environment, args.ref ?? 'HEAD', { entries, tagPattern: config.deployments.tagPattern, ticketSyntax: config.tickets, logger });
    let note = lib.buildDeploymentNote({ range, entries: await lib.entriesForRange(index, range.commits, environment).catch(() => []), config, now: nowDate(clock), by: by.name, repository });
    let overrideReason = args.overrideReason;
    if (note.risk.freeze && !overrideReason) {
      overrideReason = await vscode.window.showInputBox({ title: `ChangeTrail: ${environment} is in a freeze window`, prompt: 'Why must this deployment go out now? The reason is kept in the deployment record.', ignoreFocusOut: true });
      if (!overrideReason) return undefined;
    }
    // The preview is an editable Markdown document; what it says when confirmed goes to the clipboard.
    const preview = await vscode.workspace.openTextDocument({ language: 'markdown', content: lib.renderMarkdown(note) });
    await vscode.window.showTextDocument(preview, { preview: false });
    void vscode.commands.executeCommand('markdown.showPreviewToSide', preview.uri).then(undefined, () => undefined);
    if (range.problem) void vscode.window.showWarningMessage(`ChangeTrail: ${range.problem}`);
    if (!args.confirm) {
      const choice = await vscode.window.showInformationMessage(
        `Record the deployment of ${range.totalCommits} commits to ${environment}${note.risk.freeze ? ' inside a freeze window' : ''}?`,
        { modal: true, detail: 'The deployment record goes to the change log, the note to the team channels and the clipboard.' },
        'Record Deployment',
      );
      if (choice !== 'Record Deployment') return undefined;
    }
    try {
      const now = nowDate(clock);
      const record = lib.buildDeploymentRecord({ note, by, now, freezeOverrideReason: overrideReason });
      note = lib.recordedNote(note, record);
      if (config.records.log.enabled) await lib.appendEntry(await records.logPath(root, config), record);
      const sinks = await records.channelSinks(root, config);
      if (sinks.length > 0) await lib.queueChannelPost(await records.noteStore(root), await records.outbox(root), record, note, sinks.map((s) => s.id));
      await vscode.env.clipboard.writeText(preview.getText());
      if (config.deployments.createTag) await lib.tagDeployment(record, config.deployments.tagPattern, config.deployments.pushTag, options);
      const email = config.channels.find((c) => c.type === 'email');
      if (email && email.type === 'email' && !args.confirm) void vscode.env.openExternal(vscode.Uri.parse(lib.renderEmail(note, { to: email.to, cc: email.cc }).mailto, true));
      void records.deliver(root, config);
      void vscode.window.showInformationMessage(`ChangeTrail: deployment to ${environment} recorded; the note is on the clipboard${sinks.length ? ` and on its way to ${sinks.length} channel(s)` : ''}.`);
      return record.id;
    } catch (error) {
      logger.error(error instanceof Error ? error : String(error));
      void vscode.window.showErrorMessage(`ChangeTrail: ${errorMessage(error)}`);
      return undefined;
    }
  },
};
