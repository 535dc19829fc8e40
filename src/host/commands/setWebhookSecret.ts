import * as vscode from 'vscode';
import { webhookSecretKey } from '../secretKeys';
import type { CommandDefinition } from './commandContext';


/** ChangeTrail: Set Webhook Secret...: the HMAC-SHA256 key that signs records sent to the team's webhook. */
export const setWebhookSecretCommand: CommandDefinition = {
  id: 'changetrail.setWebhookSecret',
  run: async ({ context, currentChange }, secretArg?: unknown) => {
    const url = currentChange.snapshot.config?.records.webhook?.url;
    if (!url) {
      void vscode.window.showInformationMessage('ChangeTrail: the team config sets no records.webhook.url.');
      return undefined;
    }
    const secret = typeof secretArg === 'string'
      ? secretArg
      : await vscode.window.showInputBox({ title: 'ChangeTrail: Webhook Secret', prompt: `HMAC-SHA256 secret shared with ${new URL(url).host}`, password: true, ignoreFocusOut: true });
    if (!secret) return undefined;
    await context.secrets.store(webhookSecretKey(url), secret);
    void vscode.window.showInformationMessage(`ChangeTrail: records sent to ${new URL(url).host} are now signed.`);
    return true;
  },
};
