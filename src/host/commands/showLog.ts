import type { CommandDefinition } from './commandContext';

/** ChangeTrail: Show Log */
export const showLogCommand: CommandDefinition = {
  id: 'changetrail.showLog',
  run: ({ logChannel }) => logChannel.show(),
};
