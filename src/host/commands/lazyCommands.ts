import type { CommandDefinition } from './commandContext';
import type { CommandId } from './commandManifest';

let definitions: ReadonlyMap<CommandId, CommandDefinition> | undefined;

/** The handlers, loaded once: in dist/ the module below is dist/commands.js (esbuild.lazy.mjs). */
function definitionOf(id: CommandId): CommandDefinition {
  // require, not import(): the first run of a command stays one synchronous load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  definitions ??= new Map((require('./commandsEntry') as typeof import('./commandsEntry')).commandDefinitions.map((d) => [d.id, d]));
  const definition = definitions.get(id);
  if (!definition) throw new Error(`ChangeTrail has no handler for ${id}`);
  return definition;
}

/**
 * The contributed commands (package.json contributes.commands, which a unit test holds equal to
 * commandManifest), with handlers that load on their first run: registering them at activation
 * loads no command module, and the first run of any of them loads them all, once.
 */
export function lazyCommands(contributions: readonly { readonly command: string }[]): CommandDefinition[] {
  return contributions.map(({ command }) => {
    const id = command as CommandId; // every contributed id has a handler in commandsEntry.ts (a unit test checks)
    return { id, run: (services, ...args) => definitionOf(id).run(services, ...args) };
  });
}
