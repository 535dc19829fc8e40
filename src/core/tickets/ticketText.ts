import { channelSafe } from '../notes/safeText';
import type { TicketSummary } from './providers/trackerProvider';

/** Longest title kept (code points): trackers cap theirs at about 255; more is a hostile or broken answer. */
export const MAX_TITLE = 500;
const MAX_FIELD = 100;
const MAX_KEY = 200;
const MAX_URL = 2048;
// What no ticket key holds: whitespace and controls (a newline would land in a commit message),
// bidi overrides and isolates, zero-width and direction marks (a key that reads as another).
const NOT_IN_KEY = /[\s\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

/**
 * A ticket as a tracker, a tickets file or the cache gave it, fit to show and to insert into a
 * commit message: one line of text without controls or bidi overrides, cut to a sane length; an
 * http(s) URL or none. undefined when the key itself is unusable (empty, too long, or holding
 * whitespace, controls or invisible characters). Linear in the size of the ticket.
 */
export function safeTicket(ticket: TicketSummary): TicketSummary | undefined {
  const key = typeof ticket.key === 'string' ? ticket.key.trim() : '';
  if (key === '' || key.length > MAX_KEY || NOT_IN_KEY.test(key)) return undefined;
  const out: { -readonly [K in keyof TicketSummary]: TicketSummary[K] } = { key, title: oneLine(ticket.title, MAX_TITLE) };
  const status = optionalLine(ticket.status);
  const assignee = optionalLine(ticket.assignee);
  if (status) out.status = status;
  if (assignee) out.assignee = assignee;
  if (typeof ticket.url === 'string' && ticket.url.length <= MAX_URL && /^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f]+$/i.test(ticket.url)) out.url = ticket.url;
  if (typeof ticket.updated === 'string' && ticket.updated.length <= 40) out.updated = ticket.updated;
  return out;
}

/** Every usable ticket of a list, made safe (see safeTicket); how many were dropped. */
export function safeTickets(tickets: readonly TicketSummary[]): { readonly tickets: TicketSummary[]; readonly dropped: number } {
  const out: TicketSummary[] = [];
  for (const ticket of tickets) {
    const safe = safeTicket(ticket);
    if (safe) out.push(safe);
  }
  return { tickets: out, dropped: tickets.length - out.length };
}

function optionalLine(text: string | undefined): string | undefined {
  return typeof text === 'string' ? oneLine(text, MAX_FIELD) || undefined : undefined;
}

function oneLine(text: unknown, max: number): string {
  if (typeof text !== 'string') return '';
  // Cut a generous prefix first, so a 1 MB title costs no more than a short one below.
  const flat = channelSafe(text.length > max * 4 ? text.slice(0, max * 4) : text).replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}
