import type { ChangeRecord } from '../records/changeRecord';
import type { FileHistoryEntry } from './fileHistory';
import type { LiveIn } from './liveIn';

/** What supportLine adds to a history entry. */
export interface SupportLineOptions {
  /** The ticket's title from the tracker; the commit subject stands in without it. */
  readonly ticketTitle?: string;
  /** Per environment, in promotion order: live, not live, or unknown. */
  readonly liveIn: readonly Pick<LiveIn, 'environment' | 'live'>[];
  /** The change record carrying this commit, for its rollback plan. */
  readonly record?: Pick<ChangeRecord, 'rollbackPlan'>;
  readonly now: Date;
}

const SEP = ' · ';
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * One line a support person can read aloud: ticket, what, who, when, where it is live, how to
 * roll it back. `PROJ-123 · Shorten login timeout · Ana Ruiz · 3 days ago · live in staging,
 * not production · rollback: revert 1a2b3c4`.
 */
export function supportLine(
  entry: Pick<FileHistoryEntry, 'sha' | 'subject' | 'tickets' | 'author' | 'authorDate' | 'isMerge'>,
  options: SupportLineOptions,
): string {
  const tickets = entry.tickets.length > 0 ? entry.tickets.join(', ') : 'no ticket';
  const title = oneLine(options.ticketTitle?.trim() || withoutLeadingTickets(entry.subject, entry.tickets) || entry.subject, 80);
  const parts = [tickets, title, entry.author.name, relativeTime(entry.authorDate, options.now)];
  const live = liveSummary(options.liveIn);
  if (live) parts.push(live);
  const plan = options.record?.rollbackPlan.trim();
  const short = entry.sha.slice(0, 7);
  parts.push(`rollback: ${plan ? oneLine(plan, 80) : entry.isMerge ? `revert -m 1 ${short}` : `revert ${short}`}`);
  return parts.join(SEP);
}

/** "live in staging, not production", "not live in staging or production", "production unknown". */
export function liveSummary(liveIn: readonly Pick<LiveIn, 'environment' | 'live'>[]): string {
  const yes = liveIn.filter((l) => l.live === true).map((l) => l.environment);
  const no = liveIn.filter((l) => l.live === false).map((l) => l.environment);
  const unknown = liveIn.filter((l) => l.live === undefined).map((l) => l.environment);
  const parts: string[] = [];
  if (yes.length > 0) parts.push(`live in ${yes.join(', ')}`);
  if (no.length > 0) parts.push(yes.length > 0 ? `not ${no.join(', ')}` : `not live in ${orList(no)}`);
  if (unknown.length > 0) parts.push(`${unknown.join(', ')} unknown`);
  return parts.join(', ');
}

/** "just now", "5 minutes ago", "yesterday", "3 days ago", "last month", "2 years ago". */
export function relativeTime(when: string | Date, now: Date): string {
  const seconds = (now.getTime() - new Date(when).getTime()) / 1000;
  if (!Number.isFinite(seconds)) return 'at an unknown time';
  // A clock a little ahead (the author's or ours) should not read "in 2 minutes".
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 45) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 22) return rtf.format(-hours, 'hour');
  const days = Math.max(1, Math.round(hours / 24));
  if (days < 7) return rtf.format(-days, 'day');
  if (days < 30) return rtf.format(-Math.floor(days / 7), 'week');
  if (days < 365) return rtf.format(-Math.max(1, Math.floor(days / 30)), 'month');
  return rtf.format(-Math.floor(days / 365), 'year');
}

/** "PROJ-123: Shorten login timeout" -> "Shorten login timeout" when PROJ-123 is already shown. */
function withoutLeadingTickets(subject: string, tickets: readonly string[]): string {
  if (tickets.length === 0) return subject;
  const ids = tickets.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const lead = new RegExp(`^\\s*[[(]?(?:${ids})[\\])]?\\s*[:,|–—-]?\\s*`, 'i');
  let rest = subject;
  for (let m = lead.exec(rest); m && m[0].length > 0; m = lead.exec(rest)) rest = rest.slice(m[0].length);
  return rest.trim();
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function oneLine(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : chars.join('');
}
