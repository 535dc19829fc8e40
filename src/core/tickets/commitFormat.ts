import { applyFormat } from './commitMessage';
import { findTickets } from './ticketRefs';

// Subjects a format must keep apart from the ticket: a letter, a capital, a digit and an
// underscore right after it would glue onto the ticket ("PROJ-42fix" is no ticket, "PROJ-422 fixes" another).
const SAMPLE_MESSAGES = ['fix login', 'Fix login', '2 fixes', '_tmp', ''];
const SAMPLE_TICKETS = [
  { ticket: 'PROJ-123', syntax: { projects: ['PROJ'], patterns: [] } },
  { ticket: 'PROJ-123', syntax: { projects: [], patterns: [] } },
  { ticket: 'AB#123', syntax: { projects: [], patterns: [] } },
  { ticket: '#123', syntax: { projects: [], patterns: [] } },
];

/**
 * Why `commitFormat` cannot be used, or undefined: a message written in it must read back as
 * its ticket, whatever the subject, or the hooks would add a ticket and then refuse the message.
 */
export function commitFormatError(commitFormat: string): string | undefined {
  if (!commitFormat.includes('{ticket}')) return 'must contain {ticket}';
  for (const { ticket, syntax } of SAMPLE_TICKETS) {
    for (const message of SAMPLE_MESSAGES) {
      const written = applyFormat(commitFormat, ticket, message);
      if (!findTickets(written, syntax).some((t) => t.id === ticket)) {
        return `${JSON.stringify(written)} does not name ticket ${ticket}: put a space or punctuation between {ticket} and what touches it, e.g. "{ticket}: {message}"`;
      }
    }
  }
  return undefined;
}
