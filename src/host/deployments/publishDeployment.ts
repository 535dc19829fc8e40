import * as vscode from 'vscode';
import { nowDate } from '../../core/clock';
import type { DeploymentNote } from '../../core/notes/noteSchema';
import type { CommandServices } from '../commands/commandContext';
import type { PendingDeployment } from './pendingDeployments';

/** What recording a deployment produced: the record id and the note exactly as copied and posted. */
export interface Published {
  readonly recordId: string;
  readonly markdown: string;
  readonly note: DeploymentNote;
}

/**
 * Records a deployment, then renders the note from the record (its id, who deployed, the freeze
 * override given) plus the deployer's message: that one note goes to the clipboard, to the
 * team's channels and to the e-mail draft, so nothing copied or posted predates the record.
 */
export async function publishDeployment(services: CommandServices, pending: PendingDeployment, message: string): Promise<Published> {
  const { records, git, logger } = services;
  const { root, config } = pending;
  const lib = await import('../../core/records/recordsEntry');
  const options = { cwd: root.fsPath, gitPath: git.gitPath, logger };
  const now = nowDate(services.clock);
  const record = lib.buildDeploymentRecord({ note: pending.note, by: pending.by, now, freezeOverrideReason: pending.overrideReason, message });
  const note: DeploymentNote = { ...lib.recordedNote(pending.note, record), ...(message.trim() ? { message: message.trim() } : {}) };
  if (config.records.log.enabled) await lib.appendEntry(await records.logPath(root, config), record);
  // The engines (Jira, GitHub/GitLab deployments, DevLake, CDEvents) get the record itself, not the note.
  await records.queueForEngines(root, config, record);
  logger.info(`Deployment ${record.id} to ${record.environment} recorded: ${record.commit.slice(0, 7)}, ${record.records.length} change record(s)${record.freezeOverride ? ', freeze override given' : ''}`);
  const markdown = lib.renderMarkdown(note);
  const sinks = await records.channelSinks(root, config);
  if (sinks.length > 0) {
    await lib.queueChannelPost(await records.noteStore(root), await records.outbox(root), record, note, sinks.map((s) => s.id));
    logger.info(`Deployment note ${record.id} queued for ${sinks.map((s) => s.id).join(', ')}`);
  }
  await vscode.env.clipboard.writeText(markdown);
  if (config.deployments.createTag) await lib.tagDeployment(record, config.deployments.tagPattern, config.deployments.pushTag, options);
  const email = config.channels.find((c) => c.type === 'email');
  if (email && email.type === 'email' && pending.openEmail) void vscode.env.openExternal(vscode.Uri.parse(lib.renderEmail(note, { to: email.to, cc: email.cc }).mailto, true));
  void records.deliver(root, config);
  void vscode.window.showInformationMessage(`ChangeTrail: deployment to ${record.environment} recorded; the note is on the clipboard${sinks.length ? ` and on its way to ${sinks.length} channel(s)` : ''}.`);
  return { recordId: record.id, markdown, note };
}
