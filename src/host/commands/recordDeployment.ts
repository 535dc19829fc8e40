import * as vscode from 'vscode';
import { nowDate } from '../../core/clock';
import { gitIdentity, repositoryName } from '../../core/git/changeStats';
import type { DeploymentRecord, LogEntry } from '../../core/records/changeRecord';
import { draftText } from '../deployments/noteDraft';
import { publishDeployment } from '../deployments/publishDeployment';
import type { CommandDefinition } from './commandContext';

/** Options a script or test passes instead of answering prompts. */
interface RecordDeploymentArgs {
  readonly environment?: string;
  readonly ref?: string;
  readonly overrideReason?: string;
  /** Record at once without opening the note for editing (scripts and tests). */
  readonly confirm?: boolean;
  /** The message to the team posted with the note (with `confirm`). */
  readonly message?: string;
}

/**
 * ChangeTrail: Record Deployment...: what changed since the last deployment to an environment,
 * as a deployment note in plain language, opened for editing. "Record and post" (CodeLens or
 * editor title) then writes the DeploymentRecord and renders the note from it, with the
 * person's message, for the channels, the clipboard and the e-mail draft.
 */
export const recordDeploymentCommand: CommandDefinition = {
  id: 'changetrail.recordDeployment',
  run: async (services, argsArg?: unknown) => {
    const { currentChange, records, git, logger, clock } = services;
    const args = (argsArg && typeof argsArg === 'object' ? argsArg : {}) as RecordDeploymentArgs;
    const { repoRoot: root, config } = currentChange.snapshot;
    if (!root || !config) {
      void vscode.window.showInformationMessage('ChangeTrail: open a git repository first.');
      return undefined;
    }
    const environment = args.environment ?? (await vscode.window.showQuickPick([...config.environments].reverse(), { title: 'ChangeTrail: Record Deployment to...', placeHolder: `${config.environments[config.environments.length - 1] ?? 'production'} is first: the last of the team config's "environments" is the default target` }));
    if (!environment) return undefined;
    const lib = await import('../../core/records/recordsEntry');
    const options = { cwd: root.fsPath, gitPath: git.gitPath, logger };
    const [by, repository] = await Promise.all([gitIdentity(options), repositoryName(options)]);
    const index = await records.index(root, config);
    const entries: LogEntry[] = await lib.deploymentCandidates(index, environment).catch(() => []);
    // The changes made outside git and the records of the range's commits are looked up while git reads the range.
    const outsideGitAsked = lib.manualChangesSinceDeployment(index, environment, entries.filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment'), nowDate(clock).getTime()).catch(() => undefined);
    const { range, entries: rangeEntries } = await lib.deploymentRangeWithEntries(index, root.fsPath, environment, args.ref ?? 'HEAD', { entries, tagPattern: config.deployments.tagPattern, ticketSyntax: config.tickets, logger });
    const outsideGit = await outsideGitAsked;
    const built = lib.buildDeploymentNote({ range, entries: await rangeEntries.catch(() => []), config, now: nowDate(clock), by: by.name, repository, ...(outsideGit ? { outsideGit } : {}), logProblems: lib.readProblems(index) });
    let overrideReason = args.overrideReason;
    if (built.risk.freeze && !overrideReason) {
      overrideReason = await vscode.window.showInputBox({ title: `ChangeTrail: ${environment} is in a freeze window`, prompt: 'Why must this deployment go out now? The reason is kept in the deployment record.', ignoreFocusOut: true });
      if (!overrideReason) return undefined;
    }
    // The note shows the override already given, so the preview does not ask for one again.
    const note = built.risk.freeze && overrideReason ? { ...built, risk: { ...built.risk, freezeOverride: { reason: overrideReason.trim(), by: by.name } } } : built;
    const email = config.channels.some((c) => c.type === 'email');
    const pending = { root, config, note, by, overrideReason, openEmail: email && !args.confirm, generated: lib.renderMarkdown(note) };
    if (range.problem) void vscode.window.showWarningMessage(`ChangeTrail: ${range.problem}`);
    // A script or test that confirms up front: record at once, from the record.
    if (args.confirm) return (await publishDeployment(services, pending, args.message ?? '')).recordId;
    // Otherwise the note opens for editing; "Record and post" (CodeLens or editor title) records it from the document.
    const preview = await vscode.workspace.openTextDocument({ language: 'markdown', content: draftText(pending.generated) });
    services.deployments.add(preview.uri, pending);
    await vscode.window.showTextDocument(preview, { preview: false });
    logger.info(`Deployment note for ${environment} opened for editing: ${range.totalCommits} commit(s); waiting for "Record and post"`);
    void vscode.window.showInformationMessage(`ChangeTrail: edit the message, then choose "Record and post" at the top of the note (or the rocket in the editor title) to record the deployment to ${environment}.`);
    return preview.uri.toString();
  },
};
