import type { CommandDefinition } from './commandContext';

/** Internal: run when a ticket completion is accepted, so that ticket ranks first next time. */
export const recordTicketUseCommand: CommandDefinition = {
  id: 'changetrail.recordTicketUse',
  run: ({ tickets }, key?: unknown) => {
    if (typeof key === 'string') tickets.recordUse(key);
  },
};
