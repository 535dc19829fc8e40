import type * as vscode from 'vscode';
import type { FileHistoryEntry } from '../../core/history/fileHistory';
import type { LiveIn } from '../../core/history/liveIn';
import type { CommitIncident } from '../../core/incidents/commitIncidents';
import type { ChangeRecord } from '../../core/records/changeRecord';
import { ticketUrl } from '../../core/tickets/branchTicketStatus';

/** A row of the File History view. */
export type HistoryNode =
  | { readonly kind: 'message'; readonly text: string; readonly icon: string }
  | { readonly kind: 'uncommitted'; readonly file: vscode.Uri }
  | {
      readonly kind: 'commit';
      readonly root: vscode.Uri;
      readonly file: vscode.Uri;
      readonly entry: FileHistoryEntry;
      readonly liveIn: readonly LiveIn[];
      readonly record?: ChangeRecord;
      readonly ticketTitle?: string;
      readonly ticketUrl?: string;
      readonly summary: string;
      /** Incidents caused by the deployment (or change) that carried this commit. */
      readonly incidents: readonly IncidentMention[];
    }
  | { readonly kind: 'detail'; readonly label: string; readonly description?: string; readonly icon: string; readonly command?: vscode.Command; readonly tooltip?: string }
  | { readonly kind: 'loadMore' };

/** "live in staging, not production" for a commit row. */
export function liveText(liveIn: readonly LiveIn[]): string {
  const live = liveIn.filter((l) => l.live === true).map((l) => l.environment);
  const not = liveIn.filter((l) => l.live === false).map((l) => l.environment);
  if (live.length === 0 && not.length === 0) return '';
  if (live.length === 0) return 'not live yet';
  return `live in ${live.join(', ')}${not.length ? `, not ${not.join(', ')}` : ''}`;
}

/** Relative time for rows ("3 days ago"). */
export function ago(iso: string, now: number): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3_600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  return 'just now';
}

/** A short live-in badge for a narrow row: "✓ staging ✗ production" (the full words are in the tooltip). */
export function liveBadge(liveIn: readonly LiveIn[]): string {
  const live = liveIn.filter((l) => l.live === true).map((l) => `✓ ${l.environment}`);
  const not = liveIn.filter((l) => l.live === false).map((l) => `✗ ${l.environment}`);
  return [...live, ...not].join(' ');
}

/** "supportUpdates" as "Support updates", for answers whose question the checklist no longer has. */
export function readableId(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}


/** An incident a commit is tied to, as a row shows it: its id, title and the sentence that ties them. */
export interface IncidentMention {
  readonly id: string;
  readonly title: string;
  /** "went out in deployment 01J…, which caused incident 01J… (Checkout down, resolved)". */
  readonly text: string;
}

/** How a row names an incident its commit is tied to (the sentence comes from the lazily loaded library). */
export function mention(lib: Pick<typeof import('../../core/incidents/incidentsEntry'), 'commitIncidentText'>): (found: CommitIncident) => IncidentMention {
  return (found) => ({ id: found.incident.incidentId, title: found.incident.title, text: lib.commitIncidentText(found) });
}

/** A commit's row: its ticket link, and the one-line summary a screen reader and a copy give. */
export function commitNode(
  of: { root: vscode.Uri; file: vscode.Uri; entry: FileHistoryEntry; liveIn: LiveIn[]; record: ChangeRecord | undefined; ticketTitle: string | undefined; incidents: readonly IncidentMention[] },
  urlTemplate: string | undefined,
  now: number,
): HistoryNode {
  const { entry, record, ticketTitle, incidents } = of;
  const url = entry.tickets[0] ? ticketUrl(entry.tickets[0], urlTemplate) : undefined;
  const rollback = record?.rollbackPlan ? record.rollbackPlan : `revert ${entry.sha.slice(0, 7)}`;
  const live = liveText(of.liveIn);
  // The commit id first: support needs it to find the change; the subject says what this commit did.
  const summary = [`commit ${entry.sha.slice(0, 10)}`, entry.tickets.join(', ') || 'no ticket', entry.subject, ticketTitle && !entry.subject.includes(ticketTitle) ? `ticket: ${ticketTitle}` : '', entry.author.name, ago(entry.authorDate, now), live, ...incidents.map((i) => `incident ${i.id}`), `rollback: ${rollback}`].filter(Boolean).join(' · ');
  return { kind: 'commit', ...of, ticketUrl: url, summary };
}
