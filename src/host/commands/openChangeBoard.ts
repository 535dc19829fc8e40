import * as vscode from 'vscode';
import { ChangeBoardPanel } from '../board/changeBoardPanel';
import type { CommandDefinition } from './commandContext';

/**
 * ChangeTrail: Open Change Board: the change board (what changed, timeline, change log, metrics,
 * incidents, weekly review) of the current repository's change log in an editor panel, the same
 * page `changetrail board` writes. Returns what the panel shows;
 * `{ waitForPage: true }` waits until the page has its data.
 */
export const openChangeBoardCommand: CommandDefinition = {
  id: 'changetrail.openChangeBoard',
  run: async ({ context, currentChange, records, clock, logger }, options?: unknown) => {
    const { repoRoot: root, config } = currentChange.snapshot;
    if (!root || !config) {
      void vscode.window.showInformationMessage('ChangeTrail: open a folder with a git repository to see its change board.');
      return undefined;
    }
    const board = await ChangeBoardPanel.show(context.extensionUri, root, config, records, clock, logger);
    // Callers that need the page loaded (tests, other commands) pass { waitForPage: true }.
    if (typeof options === 'object' && options !== null && (options as { waitForPage?: unknown }).waitForPage === true) await board.whenDelivered(30_000);
    return board.state();
  },
};
