import * as vscode from 'vscode';
import { channelUrlProblem, channelsNeedingUrl } from '../../core/records/sinks/channelUrls';
import { channelSecretKey } from '../secretKeys';
import type { CommandDefinition } from './commandContext';


/** ChangeTrail: Set Channel Webhook URL...: where deployment notes and digests are posted. */
export const setChannelWebhookCommand: CommandDefinition = {
  id: 'changetrail.setChannelWebhook',
  run: async ({ context, currentChange }, idArg?: unknown, urlArg?: unknown) => {
    const channels = channelsNeedingUrl(currentChange.snapshot.config?.channels ?? []);
    if (channels.length === 0) {
      void vscode.window.showInformationMessage('ChangeTrail: the team config lists no Slack, Teams or webhook channel ("channels").');
      return undefined;
    }
    const id = typeof idArg === 'string' ? idArg : (await vscode.window.showQuickPick(channels.map((c) => ({ label: c.id, description: c.type })), { title: 'ChangeTrail: Channel' }))?.label;
    if (!id) return undefined;
    const url = typeof urlArg === 'string' ? urlArg : await vscode.window.showInputBox({ title: `ChangeTrail: ${id} webhook URL`, prompt: 'The webhook URL (kept in SecretStorage, never in settings or the repository)', password: true, ignoreFocusOut: true, validateInput: (v) => channelUrlProblem(v, `channel "${id}"`) });
    if (!url) return undefined;
    // The argument form (other commands, tests) gets the same check as the input box.
    const problem = channelUrlProblem(url, `channel "${id}"`);
    if (problem !== undefined) {
      void vscode.window.showErrorMessage(`ChangeTrail: ${problem}`);
      return undefined;
    }
    await context.secrets.store(channelSecretKey(id), url.trim());
    void vscode.window.showInformationMessage(`ChangeTrail: deployment notes will be posted to ${id}.`);
    return id;
  },
};
