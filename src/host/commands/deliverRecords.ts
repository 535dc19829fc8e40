import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';
import { activeChange } from './activeRepository';

/** ChangeTrail: Deliver Pending Change Records Now: retries the outbox without waiting for its schedule. */
export const deliverRecordsCommand: CommandDefinition = {
  id: 'changetrail.deliverRecords',
  run: async (services) => {
    const { records } = services;
    const active = activeChange(services);
    if (!active) return undefined;
    const { root: repoRoot, config } = active;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'ChangeTrail: delivering change records' }, () => records.deliver(repoRoot, config));
    return true;
  },
};
