import { isPlaceholder } from '../checklist/answers';
import { CRITICALITIES, type Criticality } from '../checklist/systemsForPaths';
import type { SystemConfig } from '../config/teamConfigSchema';
import { ChangeTrailError } from '../errors';
import { readTimeText } from '../time/strictTime';
import type { Logger } from '../log';
import type { ChangeRecord, DeploymentRecord, LogEntry } from '../records/changeRecord';
import { queryLog } from '../records/changeLogQuery';
import { USER_IMPACT_ANSWERS } from './deploymentNote';
import { deployedWithoutRecord } from './deployedWithoutRecord';
import { currentRecords } from './matchRecords';
import type { TicketSyntax } from '../tickets/ticketRefs';
import { scrubDeep } from './noteDocument';
import type { Digest, DigestItem, NoteCommit } from './noteSchema';
import { compareInstants } from '../records/index/entryKeys';

/** The group of records that touch no configured system. */
export const OTHER_SYSTEM = 'Other';
/** The environment name of the outbox entries that carry digests (see digestCarrier). */
export const DIGEST_CARRIER_ENVIRONMENT = 'changetrail-digest';

const DAY = 24 * 3600 * 1000;
// Words that make a user-impact answer a sentence of its own rather than a noun phrase.
const HAS_VERB = /\b(may|might|could|can|cannot|will|won't|should|would|must|is|are|get|gets|see|sees|need|needs|have|has|lose|loses)\b/i;

/** The period and scope of a digest. */
export interface DigestOptions {
  readonly now: Date;
  /** Default: 7 days before `until`. */
  readonly since?: Date;
  /** Exclusive; default `now`. */
  readonly until?: Date;
  /** Only records and deployments of this environment. */
  readonly environment?: string;
  /** The team's systems: their order and criticality order the groups. */
  readonly systems?: readonly SystemConfig[];
  readonly title?: string;
  /** Deployed commits without a change record (see deployedWithoutRecord): listed as such. */
  readonly unrecorded?: readonly NoteCommit[];
  /** Said first (e.g. unreadableLinesNotice). */
  readonly problems?: readonly string[];
}

/**
 * "This Week in Changes": the change records created in [since, until), newest version of each,
 * grouped by system (records that name none under "Other", last), one line per change: the title,
 * then in parentheses why it was made and, when the record says, what users may notice.
 */
export function buildDigest(entries: readonly LogEntry[], options: DigestOptions): Digest {
  const until = options.until ?? options.now;
  const since = options.since ?? new Date(until.getTime() - 7 * DAY);
  if (!(since.getTime() < until.getTime())) throw new ChangeTrailError('BadRange', `The digest period is empty: ${since.toISOString()} is not before ${until.toISOString()}`);
  const inPeriod = (e: LogEntry) => {
    const t = Date.parse(e.createdAt);
    return t >= since.getTime() && t < until.getTime() && (options.environment === undefined || e.environment.trim().toLowerCase() === options.environment.trim().toLowerCase());
  };
  const records = currentRecords(entries).filter(inPeriod).sort((a, b) => compareInstants(a.createdAt, b.createdAt) || a.id.localeCompare(b.id));
  const groups = new Map<string, { criticality?: Criticality; items: DigestItem[] }>();
  for (const record of records) {
    const names = [...new Set(record.systems.map((s) => s.name))];
    for (const name of names.length > 0 ? names : [OTHER_SYSTEM]) {
      const system = record.systems.find((s) => s.name === name);
      const group = groups.get(name) ?? { ...(isCriticality(system?.criticality) ? { criticality: system.criticality } : {}), items: [] };
      group.items.push(digestItem(record));
      groups.set(name, group);
    }
  }
  const deployments = new Map<string, number>();
  for (const d of entries.filter((e): e is DeploymentRecord => e.schema === 'changetrail/deployment' && e.environment !== DIGEST_CARRIER_ENVIRONMENT && inPeriod(e))) {
    deployments.set(d.environment, (deployments.get(d.environment) ?? 0) + 1);
  }
  const order = (options.systems ?? []).map((s) => s.name);
  const rank = (name: string, criticality?: Criticality) =>
    name === OTHER_SYSTEM ? [2, 0] : order.includes(name) ? [0, order.indexOf(name)] : [1, -CRITICALITIES.indexOf(criticality ?? 'low')];
  return scrubDeep({
    schema: 'changetrail/digest',
    version: 1,
    title: options.title ?? digestTitle(since, until, options.now),
    since: since.toISOString(),
    until: until.toISOString(),
    createdAt: options.now.toISOString(),
    ...(options.environment ? { environment: options.environment } : {}),
    total: records.length,
    groups: [...groups.entries()]
      .sort(([a, ga], [b, gb]) => {
        const [ra, rb] = [rank(a, ga.criticality), rank(b, gb.criticality)];
        return ra[0] - rb[0] || ra[1] - rb[1] || a.localeCompare(b);
      })
      .map(([system, g]) => ({ system, ...(g.criticality ? { criticality: g.criticality } : {}), items: g.items })),
    deployments: [...deployments.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([environment, count]) => ({ environment, count })),
    ...(options.unrecorded?.length ? { unrecorded: options.unrecorded.map((c) => ({ ...c, tickets: [...c.tickets] })) } : {}),
    ...(options.problems?.length ? { problems: [...options.problems] } : {}),
  } satisfies Digest);
}

/** The default title for a period: "This Week in Changes" only for a week ending now, else the period in words. */
export function digestTitle(since: Date, until: Date, now: Date): string {
  const span = until.getTime() - since.getTime();
  const endsNow = Math.abs(now.getTime() - until.getTime()) < 60_000;
  if (endsNow && span === 7 * DAY) return 'This Week in Changes';
  const hours = span / 3_600_000;
  if (endsNow && Number.isInteger(hours) && hours <= 48) return `Changes in the Last ${hours === 1 ? 'Hour' : `${hours} Hours`}`;
  if (endsNow && Number.isInteger(span / DAY)) return `Changes in the Last ${span / DAY} Days`;
  return `Changes from ${since.toISOString().slice(0, 10)} to ${until.toISOString().slice(0, 10)}`;
}

/** Reads the period's entries from the change log (a time-range query, fast on big logs) and builds the digest. */
export async function digestFromLog(logPath: string, options: DigestOptions & { readonly repoRoot?: string; readonly ticketSyntax?: TicketSyntax; readonly gitPath?: string }, logger: Logger): Promise<Digest> {
  const until = options.until ?? options.now;
  const since = options.since ?? new Date(until.getTime() - 7 * DAY);
  if (!options.repoRoot) {
    const { entries } = await queryLog(logPath, { since, until }, logger);
    return buildDigest(entries, { ...options, since, until });
  }
  // Deployed commits are matched against change records made before the period too.
  const { entries } = await queryLog(logPath, { until }, logger);
  const unrecorded = await deployedWithoutRecord(options.repoRoot, entries, async () => entries, { since, until, environment: options.environment, ticketSyntax: options.ticketSyntax, gitPath: options.gitPath, logger });
  return buildDigest(entries, { ...options, since, until, unrecorded });
}

/**
 * The words in parentheses after a change's title: why it was made (the "What problem are we
 * solving?" answer, else the record's reason) and, when the record has a user-impact answer, what
 * users may notice. Each part is its first sentence, at most 100 characters. Undefined when neither says anything.
 */
export function digestDetail(record: ChangeRecord): string | undefined {
  const why = firstSentence(record.answers.problem?.value ?? record.reason);
  const impactText = USER_IMPACT_ANSWERS.map((id) => record.answers[id]?.value).find((v) => v !== undefined && !isPlaceholder(v));
  const impact = firstSentence(impactText ?? '');
  const parts = [
    why && lowerFirst(why),
    // "users on old devices may be logged out" reads on; "users on old devices" needs a verb.
    impact && (HAS_VERB.test(impact) ? lowerFirst(impact) : `may affect ${lowerFirst(impact)}`),
  ].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function digestItem(record: ChangeRecord): DigestItem {
  const detail = digestDetail(record);
  return {
    recordId: record.id,
    title: record.title.trim(),
    ...(detail ? { detail } : {}),
    tickets: [...record.tickets],
    author: record.author.name,
    environment: record.environment,
    createdAt: record.createdAt,
    danger: record.riskFlags.some((f) => f.severity === 'danger'),
  };
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (isPlaceholder(flat)) return '';
  const sentence = /^(.+?[.!?])(?:\s|$)/.exec(flat)?.[1] ?? flat;
  // Not /[.!]+$/: on a run of dots not at the end it backtracks from every dot (a teammate's
  // 400,000-dot reason kept a digest busy for a minute).
  let end = sentence.length;
  while (end > 0 && (sentence[end - 1] === '.' || sentence[end - 1] === '!')) end--;
  const trimmed = sentence.slice(0, end);
  const chars = Array.from(trimmed);
  return chars.length > 100 ? `${chars.slice(0, 99).join('').trimEnd()}…` : trimmed;
}

/** "Sessions stay open" -> "sessions stay open", but "API keys leak" keeps its acronym. */
function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function isCriticality(value: string | undefined): value is Criticality {
  return value !== undefined && CRITICALITIES.includes(value as Criticality);
}

/**
 * When a digest starts, from `--since`: a duration back from `now` (`7d`, `2w`, `36h`) or a date
 * (`2025-03-01`, midnight UTC) or an ISO timestamp with a zone. Throws BadRange for anything else,
 * impossible dates (2026-02-30) and zoneless timestamps included; `option` names the flag.
 */
export function parseDigestTime(text: string, now: Date, option?: string): Date {
  const t = text.trim();
  const span = /^(\d{1,4})\s*([hdw])$/i.exec(t);
  if (span) return new Date(now.getTime() - Number(span[1]) * { h: 3600_000, d: DAY, w: 7 * DAY }[span[2].toLowerCase() as 'h' | 'd' | 'w']);
  const read = readTimeText(t);
  const named = option ? `${option} "${text}"` : `"${text}"`;
  switch (read.kind) {
    case 'date':
      return new Date(Date.UTC(read.year, read.month - 1, read.day));
    case 'instant':
      return new Date(read.ms);
    case 'invalid':
      throw new ChangeTrailError('BadRange', `${named} is not a time: ${read.problem}`);
    case 'wall':
      throw new ChangeTrailError('BadRange', `${named} is not a time: it has no time zone; end it with Z or an offset (+01:00), or give a date such as 2025-03-01`);
    default:
      throw new ChangeTrailError('BadRange', `${named} is not a time: use a duration such as 7d, 2w or 36h, or a date such as 2025-03-01`);
  }
}
