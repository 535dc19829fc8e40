import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';

/** ChangeTrail: Deliver Pending Change Records Now: retries the outbox without waiting for its schedule. */
export const deliverRecordsCommand: CommandDefinition = {
  id: 'changetrail.deliverRecords',
  run: async ({ records, currentChange }) => {
    const { repoRoot, config } = currentChange.snapshot;
    if (!repoRoot || !config) return undefined;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ChangeTrail: delivering change records' }, () => records.deliver(repoRoot, config));
    return true;
  },
};
