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
        const choice = await vscode.window.showErrorMessage(`ChangeTrail: ${errorMessage(error)}`, 'Show Log');
        if (choice === 'Show Log') services.logChannel.show();
        return undefined;
      }
    }),
  );
}
