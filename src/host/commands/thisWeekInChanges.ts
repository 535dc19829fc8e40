import * as vscode from 'vscode';
import { nowDate } from '../../core/clock';
import type { LogEntry } from '../../core/records/changeRecord';
import type { CommandDefinition } from './commandContext';
import { activeChange } from './activeRepository';

/**
 * ChangeTrail: This Week in Changes: the change records of the last 7 days grouped by system,
 * one line each, as Markdown to read, copy, and post to the team's channels.
 */
export const thisWeekInChangesCommand: CommandDefinition = {
  id: 'changetrail.thisWeekInChanges',
  run: async (services, postArg?: unknown) => {
    const { records, clock } = services;
    const active = activeChange(services);
    if (!active) return undefined;
    const { root, config } = active;
    const lib = await import('../../core/records/recordsEntry');
    const until = nowDate(clock);
    const since = new Date(until.getTime() - 7 * 24 * 3600 * 1000);
    const index = await records.index(root, config);
    const entries: LogEntry[] = await index.query({ since: since.getTime(), until: until.getTime() }).catch(() => []);
    const unrecorded = await lib.deployedWithoutRecord(root.fsPath, entries, (commits, env) => lib.entriesForRange(index, commits, env), { since, until, ticketSyntax: config.tickets });
    const unread = lib.unreadableLinesNotice(lib.readProblems(index));
    const digest = lib.buildDigest(entries, { since, until, now: until, unrecorded, ...(unread ? { problems: [unread] } : {}) });
    const markdown = lib.renderMarkdown(digest);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
    await vscode.window.showTextDocument(doc, { preview: false });
    const choice = postArg === true ? 'Post to Channels' : await vscode.window.showInformationMessage('ChangeTrail: This Week in Changes is ready.', 'Copy', 'Post to Channels');
    if (choice === 'Copy') await vscode.env.clipboard.writeText(doc.getText());
    if (choice === 'Post to Channels') {
      const sinks = await records.channelSinks(root, config);
      if (sinks.length === 0) void vscode.window.showInformationMessage('ChangeTrail: no channel with a webhook URL (see "channels" and Set Channel Webhook URL).');
      else {
        const carrier = lib.digestCarrier(digest, { commit: (await records.headCommit(root)) ?? '0000000', by: { name: 'ChangeTrail', email: 'changetrail@localhost' } });
        await lib.queueChannelPost(await records.noteStore(root), await records.outbox(root), carrier, digest, sinks.map((s) => s.id));
        void records.deliver(root, config);
      }
    }
    return markdown;
  },
};
