import { maskSecrets } from '../log';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from './changeRecord';

export interface SummaryOptions {
  /** Where the full record can be read (an http(s) URL); anything else is left out. */
  readonly logUrl?: string;
}

// A Markdown hard break that trackers taking plain text (Jira Cloud trims line ends) show as a line break too.
const BREAK = '  \n';
const SEP = ' · ';

/**
 * User text made safe for one line of Markdown: whitespace (newlines included) collapsed, cut at
 * `max` characters, and only the characters that could start formatting, a link or HTML escaped,
 * because trackers that show comments as plain text (Jira Cloud) show every backslash too.
 */
export function escapeMarkdown(text: string, max = 160): string {
  // Credentials masked before the cut, which would leave a token's start where no pattern sees it.
  const chars = Array.from(maskSecrets(text).replace(/\s+/g, ' ').trim()); // code points, so no emoji is cut in half
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : chars.join('');
  return cut
    .replace(/[\\`*[\]<>~]/g, (c) => `\\${c}`)
    // snake_case reads fine as it is: an underscore inside a word never starts emphasis.
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_');
}

/**
 * A short summary of a log entry for a ticket comment: for a change record its tickets, title,
 * author, environment, risk flags and rollback plan in two lines, then the record id and link.
 */
export function recordSummary(entry: LogEntry, options: SummaryOptions = {}): string {
  if (entry.schema === 'changetrail/change') return changeSummary(entry, options);
  if (entry.schema === 'changetrail/incident') return incidentSummary(entry, options);
  return deploymentSummary(entry, options);
}

function incidentSummary(incident: IncidentRecord, options: SummaryOptions): string {
  const first = [
    `ChangeTrail incident (${incident.status}): ${escapeMarkdown(incident.title, 120)}`,
    `level ${incident.level}`,
    `${escapeMarkdown(incident.impact, 20)} in ${escapeMarkdown(incident.environment, 40)}`,
  ];
  const second = [
    ...(incident.cause?.summary ? [`Cause: ${escapeMarkdown(incident.cause.summary, 120)}`] : []),
    ...(incident.lessons?.trim() ? [`Lessons: ${escapeMarkdown(incident.lessons, 160)}`] : []),
    recordRef(incident.id, options),
  ];
  return `${first.join(SEP)}${BREAK}${second.join(SEP)}`;
}

function changeSummary(record: ChangeRecord, options: SummaryOptions): string {
  const tickets = record.tickets.length > 0 ? record.tickets.map((t) => escapeMarkdown(t, 40)).join(', ') : 'no ticket';
  const first = [`ChangeTrail change: ${escapeMarkdown(record.title, 120)}`, tickets, `by ${escapeMarkdown(record.author.name, 60)}`, `to ${escapeMarkdown(record.environment, 40)}`];
  // Danger first: a reader stops after the first item or two.
  const flags = [...record.riskFlags].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'danger' ? -1 : 1));
  const risks = flags.length > 0 ? flags.map((f) => `${f.severity === 'danger' ? '⚠ ' : ''}${escapeMarkdown(f.message, 80)}`).join('; ') : 'none flagged';
  const override = record.freezeOverride ? ` (freeze override: ${escapeMarkdown(record.freezeOverride.reason, 80)})` : '';
  const rollback = record.rollbackPlan.trim() ? escapeMarkdown(record.rollbackPlan, 160) : 'none given';
  const second = [`Risks: ${risks}${override}`, `Rollback: ${rollback}`, recordRef(record.id, options)];
  return `${first.join(SEP)}${BREAK}${second.join(SEP)}`;
}

function deploymentSummary(deployment: DeploymentRecord, options: SummaryOptions): string {
  const count = deployment.records.length;
  const first = [
    `ChangeTrail deployment: ${deployment.commit.slice(0, 12)} to ${escapeMarkdown(deployment.environment, 40)}`,
    `by ${escapeMarkdown(deployment.by.name, 60)}`,
    `${count} change record${count === 1 ? '' : 's'}`,
  ];
  const second = [
    ...(deployment.freezeOverride ? [`Freeze override: ${escapeMarkdown(deployment.freezeOverride.reason, 80)}`] : []),
    ...(deployment.note?.trim() ? [`Note: ${escapeMarkdown(deployment.note, 160)}`] : []),
    recordRef(deployment.id, options),
  ];
  return `${first.join(SEP)}${BREAK}${second.join(SEP)}`;
}

function recordRef(id: string, options: SummaryOptions): string {
  // A bare URL: Markdown trackers link it, plain-text ones still show something to click or copy.
  const url = options.logUrl && /^https?:\/\/[^\s<>]+$/.test(options.logUrl) ? options.logUrl : undefined;
  return url ? `Record ${id}: ${url}` : `Record ${id}`;
}
