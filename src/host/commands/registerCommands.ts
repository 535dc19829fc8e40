import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { CommandDefinition, CommandServices } from './commandContext';

/**
 * Registers commands behind one error wrapper: the stack goes to the log, the person sees one
 * line with a "Show Log" action.
 */
export function registerCommands(definitions: readonly CommandDefinition[], services: CommandServices): vscode.Disposable[] {
  return definitions.map((definition) =>
    vscode.commands.registerCommand(definition.id, async (...args: unknown[]) => {
      try {
        return await definition.run(services, ...args);
      } catch (error) {
        // Every failure names its command and reason in the log, whatever the person does with the message.
        services.logger.error(`${definition.id} failed: ${errorMessage(error)}`);
        services.logger.error(error instanceof Error ? error : String(error));
        // Not awaited: a caller (another command, the checklist after a submit) must not wait until
        // the person dismisses the message, which may be never once it is in the Notification Center.
        void vscode.window.showErrorMessage(`ChangeTrail: ${errorMessage(error)}`, 'Show Log').then((choice) => choice === 'Show Log' && services.logChannel.show());
        return undefined;
      }
    }),
  );
}
