import type { Clock } from '../core/clock';
import { localTimeZone } from '../core/checklist/zonedTime';
import type { TeamConfig } from '../core/config/teamConfigSchema';
import { ChangeTrailError } from '../core/errors';
import { repositoryRoot } from '../core/git/repositoryInfo';
import { incidentNote } from '../core/incidents/incidentNote';
import type { IncidentRecord, LogEntry } from '../core/records/changeRecord';
import { appendEntry } from '../core/records/changeLog';
import type { ChangeLogIndex } from '../core/records/index/changeLogIndex';
import { postToChannels } from './channelPosting';
import { numberOption } from './cliOptions';
import { deliverToEngines } from './engineDelivery';
import type { CliContext } from './cliContext';
import { openLogIndex } from './openLogIndex';
import { type LogUse, type Refusal, isRefusal, teamConfigFor } from './usableTeamConfig';

/** What every incident, rollback and "changed" command works in. */
export interface IncidentWorkspace {
  readonly root: string;
  readonly config: TeamConfig;
  readonly index: ChangeLogIndex;
  readonly clock: Clock;
  /** The team's time zone (freeze.timeZone), else this machine's: how "2026-11-30 06:10" is read. */
  readonly timeZone: string;
}

/**
 * The repository, its team config (warnings logged), its change log and the clock; or a Refusal,
 * said on stderr, when the team config is broken: its default log is not the team's log.
 */
export async function openWorkspace(ctx: CliContext, command: string, use: LogUse): Promise<IncidentWorkspace | Refusal> {
  const root = await repositoryRoot({ cwd: ctx.cwd, logger: ctx.logger });
  const config = await teamConfigFor(ctx, command, use, root);
  if (isRefusal(config)) return config;
  return { root, config, index: openLogIndex(root, config, ctx.logger), clock: ctx.clock, timeZone: config.freeze.timeZone ?? localTimeZone() };
}

/** The environment asked for, else "production" when configured, else the last in promotion order. */
export function defaultEnvironment(config: Pick<TeamConfig, 'environments'>, asked: string | undefined): string {
  if (asked?.trim()) return asked.trim();
  return config.environments.find((e) => e.toLowerCase() === 'production') ?? config.environments[config.environments.length - 1] ?? 'production';
}

/** Appends to the change log, refusing when the team turned the log off. */
export async function appendToLog(ws: IncidentWorkspace, entry: LogEntry): Promise<void> {
  if (!ws.config.records.log.enabled) throw new ChangeTrailError('ConfigInvalid', 'the change log is turned off (records.log.enabled in .changetrail/config.json): nothing was recorded');
  await appendEntry(ws.index.path, entry);
}

/** Posts an incident's note to the team's channels through the outbox; returns whether every channel took it. */
export async function postIncident(ctx: CliContext, ws: IncidentWorkspace, record: IncidentRecord, waitMs: number): Promise<boolean> {
  // The engines (DevLake incidents, CDEvents) hear of every opened and resolved incident.
  const sent = await deliverToEngines(ctx, ws.root, ws.config, record, waitMs);
  if (!sent) ctx.err('Not every engine took the incident yet; it stays in the outbox.');
  if (ws.config.channels.length === 0) {
    // An incident is recorded either way; a team without channels has nothing to tell, which is no failure.
    ctx.err('No channels are configured ("channels" in .changetrail/config.json): the incident is recorded, nobody was notified.');
    return true;
  }
  const level = ws.config.escalationLevels.levels.find((l) => l.level === record.level);
  return postToChannels(ctx, ws.root, ws.config, record, incidentNote(record, level), waitMs);
}

/**
 * `--wait <seconds>` in milliseconds (default 30 s: long enough for a retry, short enough at 6 AM);
 * a value that is not a number of seconds is a problem naming it (it was read as the default).
 */
export function waitMs(value: string | undefined, problems: string[]): number {
  return (numberOption('--wait', value, { min: 0, unit: 'seconds' }, problems) ?? 30) * 1000;
}

/** One line per incident for lists: id, level, status, environment, title. */
export function incidentLine(record: IncidentRecord): string {
  return `${record.incidentId}  [level ${record.level}] ${record.status.padEnd(9)} ${record.environment}  ${record.title}`;
}
