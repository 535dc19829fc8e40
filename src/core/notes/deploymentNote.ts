import { isPlaceholder } from '../checklist/answers';
import { freezeAt } from '../checklist/freezeWindow';
import { CRITICALITIES, type Criticality, escalationFor } from '../checklist/systemsForPaths';
import type { TeamConfig } from '../config/teamConfigSchema';
import { ChangeTrailError } from '../errors';
import { type ChangeRecord, type DeploymentRecord, type LogEntry, deploymentRecordSchema } from '../records/changeRecord';
import { ulid } from '../records/ulid';
import type { DeploymentRange, RangeCommit } from './deploymentRange';
import { matchRecords } from './matchRecords';
import { scrubDeep } from './noteDocument';
import type { DeploymentNote, NoteChange, NoteCommit, NoteManualChange } from './noteSchema';
import type { LogProblem } from '../records/changeLogReader';
import { unreadableLinesNotice } from './unreadableLines';

/** Answer ids a team may add to its checklist for "what users may notice"; the first one answered wins. */
export const USER_IMPACT_ANSWERS: readonly string[] = ['userImpact', 'users-notice', 'usersNotice', 'customerImpact', 'customer-impact', 'impact'];

/** What a deployment note is made from. */
export interface DeploymentNoteInput {
  readonly range: DeploymentRange;
  /** The change log's entries (change records and earlier deployment records). */
  readonly entries: readonly LogEntry[];
  readonly config: Pick<TeamConfig, 'freeze' | 'escalation'>;
  readonly now: Date;
  /** Who deploys (a name). */
  readonly by?: string;
  readonly repository?: string;
  /** The reason for deploying inside a freeze window, when there is one. */
  readonly freezeOverride?: { readonly reason: string; readonly by: string };
  /** Time zone of the freeze windows when the policy names none (default: this machine's). */
  readonly timeZone?: string;
  /** Changes made outside git to the environment since its previous deployment, and since when. */
  readonly outsideGit?: { readonly since: string; readonly records: readonly ChangeRecord[] };
  /** Lines of the change log that could not be read (the index's problems): said first in the note. */
  readonly logProblems?: readonly LogProblem[];
}

/**
 * What goes live with a deployment, for support and on-call: each change with its description,
 * what users may notice, risk flags, rollback plan and escalation owner; the commits without a
 * change record; the records without a rollback plan; the overall risk (highest criticality
 * touched, a freeze window now); and how to roll the whole deployment back.
 */
export function buildDeploymentNote(input: DeploymentNoteInput): DeploymentNote {
  const { range, config, now } = input;
  const { matches, unrecorded } = matchRecords(range.commits, input.entries, range.environment);
  const changes: NoteChange[] = matches.map(({ record, commits, matchedBy }) => toChange(record, commits, matchedBy, config));
  const systems = matches.flatMap(({ record }) => record.systems.filter((s): s is typeof s & { criticality: Criticality } => CRITICALITIES.includes(s.criticality as Criticality)));
  const escalation = escalationFor(systems, config.escalation);
  const hit = freezeAt(now, config.freeze, range.environment, input.timeZone);
  const override = hit && input.freezeOverride?.reason.trim() ? { reason: input.freezeOverride.reason.trim(), by: input.freezeOverride.by } : undefined;
  const flags = changes.flatMap((c) => c.riskFlags);
  // A freeze is not listed as a problem: risk.freeze without risk.freezeOverride says an override is needed.
  const unread = unreadableLinesNotice(input.logProblems ?? []);
  const problems = [...(range.problem ? [range.problem] : []), ...(unread ? [unread] : [])];
  // Masked here already, so no copy of the note (preview, JSON output, saved snapshot) carries a credential.
  return scrubDeep({
    schema: 'changetrail/deployment-note',
    version: 1,
    environment: range.environment,
    ...(input.repository ? { repository: input.repository } : {}),
    createdAt: now.toISOString(),
    ...(input.by ? { by: input.by } : {}),
    ...(range.from ? { from: range.from } : {}),
    ...(range.previous ? { previous: range.previous } : {}),
    to: range.to,
    firstDeploy: range.firstDeploy,
    totalCommits: range.totalCommits,
    truncated: range.truncated,
    changes,
    unrecorded: unrecorded.map(toNoteCommit),
    withoutRollback: changes.filter((c) => c.rollbackPlan === undefined).map((c) => ({ recordId: c.recordId, title: c.title })),
    // Absent, not empty, when nothing changed outside git: notes without such changes stay as they were.
    ...(input.outsideGit && input.outsideGit.records.length > 0 ? { outsideGit: input.outsideGit.records.map(toManualChange), outsideGitSince: input.outsideGit.since } : {}),
    removed: range.removed.map(toNoteCommit),
    risk: {
      level: escalation?.criticality ?? 'none',
      systems: escalation ? [...escalation.systems] : [],
      ...(escalation ? { escalation: escalation.owner } : {}),
      danger: flags.filter((f) => f.severity === 'danger').length,
      warning: flags.filter((f) => f.severity === 'warning').length,
      ...(hit ? { freeze: { window: hit.window, reason: hit.reason, ...(hit.until ? { until: hit.until.toISOString() } : {}) } } : {}),
      ...(override ? { freezeOverride: override } : {}),
    },
    rollback: {
      ...(range.previous ? { commit: range.previous } : {}),
      ...(range.previousMissing ? { commitMissing: true } : {}),
    },
    problems,
  } satisfies DeploymentNote);
}

function toChange(record: ChangeRecord, commits: readonly string[], matchedBy: NoteChange['matchedBy'], config: Pick<TeamConfig, 'escalation'>): NoteChange {
  const impact = USER_IMPACT_ANSWERS.map((id) => record.answers[id]?.value.trim()).find((v) => v !== undefined && !isPlaceholder(v));
  const known = record.systems.filter((s): s is typeof s & { criticality: Criticality } => CRITICALITIES.includes(s.criticality as Criticality));
  const escalation = record.escalation?.trim() || escalationFor(known, config.escalation)?.owner;
  return {
    recordId: record.id,
    title: record.title,
    tickets: [...record.tickets],
    description: record.description.trim() || record.reason.trim(),
    ...(impact ? { userImpact: impact } : {}),
    // The record's freeze flag was worked out for the environment and time the checklist named; the
    // note states this deployment's own freeze (risk.freeze), so a staging note never carries production's.
    riskFlags: record.riskFlags.filter((f) => f.id !== 'freezeWindow'),
    ...(isPlaceholder(record.rollbackPlan) ? {} : { rollbackPlan: record.rollbackPlan.trim() }),
    ...(escalation ? { escalation } : {}),
    author: record.author.name,
    systems: record.systems.map((s) => ({ name: s.name, criticality: s.criticality })),
    commits: [...commits],
    matchedBy,
  };
}

function toManualChange(record: ChangeRecord): NoteManualChange {
  return {
    recordId: record.id,
    title: record.title,
    tickets: [...record.tickets],
    description: record.description.trim() || record.reason.trim(),
    at: record.changedAt ?? record.createdAt,
    author: record.author.name,
    systems: record.systems.map((s) => ({ name: s.name, criticality: s.criticality })),
    riskFlags: [...record.riskFlags],
    ...(isPlaceholder(record.rollbackPlan) ? {} : { rollbackPlan: record.rollbackPlan.trim() }),
    ...(record.freezeOverride ? { freezeOverride: `${record.freezeOverride.reason} (${record.freezeOverride.by.name})` } : {}),
  };
}

function toNoteCommit(commit: RangeCommit): NoteCommit {
  return { sha: commit.sha, subject: commit.subject, author: commit.author, date: commit.date, tickets: [...commit.tickets], ...(commit.merge ? { merge: true } : {}) };
}

/** Deploying inside a freeze window without a written reason. */
export class FreezeOverrideRequired extends ChangeTrailError {
  constructor(readonly environment: string, readonly window: string) {
    // errors.ts has no code for policy refusals; ConfigInvalid is the nearest "the policy says no".
    super('ConfigInvalid', `${environment} is in a freeze window (${window}): give a reason for the override to record this deployment`);
    this.name = 'FreezeOverrideRequired';
  }
}

/** What a DeploymentRecord is made from: the note, who deploys, when, and the override reason. */
export interface DeploymentRecordInput {
  readonly note: DeploymentNote;
  readonly by: { readonly name: string; readonly email: string };
  readonly now: Date;
  /** Required when the note says the environment is in a freeze window. */
  readonly freezeOverrideReason?: string;
  /** A free-text comment kept with the record. */
  readonly message?: string;
}

/** The DeploymentRecord for a note; throws FreezeOverrideRequired inside a freeze window without a reason. */
export function buildDeploymentRecord(input: DeploymentRecordInput): DeploymentRecord {
  const { note, by, now } = input;
  const reason = input.freezeOverrideReason?.trim() || note.risk.freezeOverride?.reason;
  if (note.risk.freeze && !reason) throw new FreezeOverrideRequired(note.environment, note.risk.freeze.reason);
  const record: DeploymentRecord = {
    schema: 'changetrail/deployment',
    version: 1,
    id: ulid(now.getTime()),
    createdAt: now.toISOString(),
    environment: note.environment,
    commit: note.to,
    ...(note.previous ? { previousCommit: note.previous } : {}),
    by: { name: by.name, email: by.email },
    records: note.changes.map((c) => c.recordId),
    ...(note.risk.freeze && reason ? { freezeOverride: { reason, by: { name: by.name, email: by.email } } } : {}),
    ...(input.message?.trim() ? { note: input.message.trim() } : {}),
  };
  const parsed = deploymentRecordSchema.safeParse(record);
  if (!parsed.success) throw new ChangeTrailError('ConfigInvalid', `Deployment record refused: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** The note as it stands once recorded: its record id, who deployed, and the override given. */
export function recordedNote(note: DeploymentNote, record: DeploymentRecord): DeploymentNote {
  const override = record.freezeOverride ? { reason: record.freezeOverride.reason, by: record.freezeOverride.by.name } : note.risk.freezeOverride;
  return { ...note, deploymentId: record.id, by: record.by.name, risk: { ...note.risk, ...(override ? { freezeOverride: override } : {}) } };
}
