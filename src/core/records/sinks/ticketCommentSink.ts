import type { TrackerConfig } from '../../config/teamConfigSchema';
import { type Logger, silentLogger } from '../../log';
import type { TrackerProvider } from '../../tickets/providers/trackerProvider';
import type { LogEntry } from '../changeRecord';
import { recordSummary } from '../recordSummary';
import { type DeliveryOptions, PermanentDeliveryError, type RecordSink } from './recordSink';

export interface TicketCommentSinkOptions {
  readonly provider: TrackerProvider;
  /** Whether a ticket ID is one of this tracker's (see ticketMatcher); the others are skipped. */
  readonly owns: (ticket: string) => boolean;
  /** Link to the full record, shown in the comment. */
  readonly logUrl?: (entry: LogEntry) => string | undefined;
  /** Default `comment-<tracker id>`. */
  readonly id?: string;
}

const JIRA_KEY = /^([A-Z][A-Z0-9_]+)-[1-9][0-9]*$/;

/**
 * Which ticket IDs a configured tracker can take comments for, by their shape: Jira keys of the
 * team's projects (any project when none are listed), Linear keys of its team, #123 for GitHub and
 * GitLab, AB#123 for Azure Boards; none for local tickets.
 */
export function ticketMatcher(tracker: TrackerConfig, projects: readonly string[] = []): (ticket: string) => boolean {
  const prefixed = (allowed: readonly string[]) => (ticket: string) => {
    const match = JIRA_KEY.exec(ticket);
    return match !== null && (allowed.length === 0 || allowed.includes(match[1]));
  };
  switch (tracker.type) {
    case 'jira-cloud':
    case 'jira-server':
      return prefixed(projects);
    case 'linear':
      return prefixed(tracker.teamKey ? [tracker.teamKey.toUpperCase()] : projects);
    case 'github':
    case 'gitlab':
      return (ticket) => /^#[1-9][0-9]*$/.test(ticket);
    case 'azure-boards':
      return (ticket) => /^AB#[1-9][0-9]*$/i.test(ticket);
    case 'local':
      return () => false;
  }
}

/**
 * Posts a short summary of each change record (see recordSummary) as a comment on every ticket of
 * the record that belongs to the provider's tracker. Tickets already commented on in an earlier
 * attempt are skipped (DeliveryProgress), since trackers take no idempotency key for comments; a
 * ticket whose comment was sent without an answer is looked up by the record id first (findComment).
 */
export class TicketCommentSink implements RecordSink {
  readonly id: string;
  readonly label: string;

  constructor(
    private readonly options: TicketCommentSinkOptions,
    private readonly logger: Logger = silentLogger,
  ) {
    this.id = options.id ?? `comment-${options.provider.id}`;
    this.label = `Comments on ${options.provider.label}`;
  }

  async deliver(entry: LogEntry, { signal, progress }: DeliveryOptions): Promise<{ readonly url?: string }> {
    const { provider, owns } = this.options;
    if (!provider.comment) {
      throw new PermanentDeliveryError(`${provider.label} does not support comments: turn off records.ticketComment in .changetrail/config.json, or use a tracker that does`);
    }
    // Deployments name no tickets; their records' tickets were commented on when each change was recorded.
    if (entry.schema !== 'changetrail/change') return {};
    const tickets = [...new Set(entry.tickets)];
    const ours = tickets.filter((ticket) => owns(ticket));
    if (ours.length < tickets.length) this.logger.debug(`${this.label}: skipping tickets of other trackers: ${tickets.filter((t) => !ours.includes(t)).join(', ')}`);
    const body = recordSummary(entry, { logUrl: this.options.logUrl?.(entry) });
    let url: string | undefined;
    for (const ticket of ours) {
      if (progress?.has(ticket)) continue;
      // An earlier attempt sent this comment but never heard back (a lost or unparseable reply):
      // the tracker may hold it already, so look for the record id before posting again.
      const sent = `sent:${ticket}`;
      if (progress?.has(sent) && provider.findComment) {
        const existing = await provider.findComment(ticket, entry.id, { signal });
        if (existing) {
          url ??= existing.url;
          await progress.mark(ticket);
          this.logger.info(`${this.label}: ${ticket} already has the comment for record ${entry.id}; not posting it again`);
          continue;
        }
      }
      await progress?.mark(sent);
      const posted = await provider.comment(ticket, body, { signal, marker: entry.id });
      url ??= posted.url;
      await progress?.mark(ticket);
      this.logger.info(`${this.label}: commented on ${ticket} for record ${entry.id}`);
    }
    return { url };
  }
}
