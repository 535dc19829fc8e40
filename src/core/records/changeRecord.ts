import * as z from 'zod/mini';
import { ULID_PATTERN } from './ulid';

const id = z.string().check(z.regex(ULID_PATTERN, 'a ULID'));
// A whole ISO 8601 time with its zone, on a day the calendar has. Only the prefix was checked once,
// so "2026-11-10Tjunk" passed, parsed to NaN, and every reader dropped the entry silently (an open
// outage vanished from uptime, a deployment from the audit export) or stopped (the board). Such a
// line is now a bad line, reported by number like any other.
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2}))$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function isLogTime(text: string): boolean {
  // Fields checked as numbers, not by Date.parse, which rolls 30 February over to 2 March (and is
  // slower on a log of a million lines).
  const m = ISO_TIME.exec(text);
  if (!m) return false;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && !leap ? 28 : DAYS[month - 1])) return false;
  if (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59)) return false;
  return m[7] === undefined || (+m[7] <= 23 && +m[8] <= 59);
}
const isoTime = z.string().check(z.refine(isLogTime, 'an ISO time with a zone, e.g. 2026-11-30T06:10:00.000Z'));

export const riskFlagSchema = z.object({
  id: z.enum(['freezeWindow', 'noRollback', 'notTestedInStaging', 'criticalSystem', 'thirdParty', 'largeDiff']),
  severity: z.enum(['warning', 'danger']),
  message: z.string(),
});
export type RiskFlag = z.infer<typeof riskFlagSchema>;

export const personSchema = z.object({ name: z.string(), email: z.string() });

export const answerSchema = z.object({ value: z.string(), evidence: z.optional(z.string()) });
export type Answer = z.infer<typeof answerSchema>;

/**
 * A change record, version 1: what changed, why, who, where it goes, how to roll it back. Records
 * are never rewritten; amending appends a new record whose `supersedes` names the old one.
 */
export const changeRecordSchema = z.object({
  schema: z.literal('changetrail/change'),
  version: z.literal(1),
  id,
  supersedes: z.optional(id),
  createdAt: isoTime,
  tickets: z.array(z.string()),
  title: z.string().check(z.minLength(1)),
  description: z.string(),
  reason: z.string(),
  systems: z.array(z.object({ name: z.string(), owner: z.optional(z.string()), criticality: z.string(), thirdParty: z.optional(z.boolean()) })),
  author: personSchema,
  repository: z.optional(z.string()),
  branch: z.optional(z.string()),
  baseBranch: z.optional(z.string()),
  commits: z.array(z.object({ sha: z.string(), subject: z.string() })),
  changedFiles: z.optional(z.array(z.string())),
  answers: z.record(z.string(), answerSchema),
  rollbackPlan: z.string(),
  escalation: z.optional(z.string()),
  riskFlags: z.array(riskFlagSchema),
  freezeOverride: z.optional(z.object({ reason: z.string().check(z.minLength(1)), by: personSchema })),
  environment: z.string(),
  /** "manual": a change made outside git (a server setting, a vendor update, a flag); it has no commits. */
  origin: z.optional(z.enum(['git', 'manual'])),
  /** When a manual change was (or will be) made, if not at `createdAt`. */
  changedAt: z.optional(isoTime),
  /** A runbook link or text for whoever is on call. */
  runbook: z.optional(z.string()),
});
export type ChangeRecord = z.infer<typeof changeRecordSchema>;

/** A deployment record, version 1: which commit went live where, and which change records it carried. */
export const deploymentRecordSchema = z.object({
  schema: z.literal('changetrail/deployment'),
  version: z.literal(1),
  id,
  createdAt: isoTime,
  environment: z.string(),
  commit: z.string().check(z.regex(/^[0-9a-f]{7,64}$/, 'a commit sha')),
  previousCommit: z.optional(z.string()),
  by: personSchema,
  records: z.array(id),
  freezeOverride: z.optional(z.object({ reason: z.string().check(z.minLength(1)), by: personSchema })),
  note: z.optional(z.string()),
  /** "rollback": this deployment undoes `rollsBack` (a deployment id); absent means an ordinary deploy. */
  kind: z.optional(z.enum(['deploy', 'rollback'])),
  rollsBack: z.optional(id),
  /** The incident this deployment answered (a rollback or a fix forward), if any. */
  incident: z.optional(id),
  /** The pipeline that ran it, for engines that group deployments by pipeline (Jira, DevLake). */
  pipeline: z.optional(z.object({ id: z.string(), name: z.optional(z.string()), url: z.optional(z.string()) })),
});
export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;

/**
 * An incident, version 1. Append-only like the rest of the log: an update or the resolution is a
 * new record whose `supersedes` names the previous state of the same incident, and `incidentId`
 * (the id of the first record) ties them together.
 */
export const incidentRecordSchema = z.object({
  schema: z.literal('changetrail/incident'),
  version: z.literal(1),
  id,
  incidentId: id,
  supersedes: z.optional(id),
  createdAt: isoTime,
  title: z.string().check(z.minLength(1)),
  environment: z.string(),
  systems: z.array(z.string()),
  detectedAt: isoTime,
  impact: z.enum(['outage', 'degraded', 'none']),
  level: z.number().check(z.int(), z.minimum(1)),
  /** One line saying why this level (the suggestion's reason, or the person's written reason). */
  levelReason: z.optional(z.string()),
  status: z.enum(['open', 'mitigated', 'resolved']),
  responders: z.array(z.string()),
  by: personSchema,
  /** Suspects attached when the incident was opened: deployment and change record ids, most likely first. */
  suspects: z.array(z.object({ deployment: z.optional(id), change: z.optional(id), score: z.number(), reasons: z.array(z.string()) })),
  /** Where it came from when an alert opened it: "pagerduty", "opsgenie", "grafana", and the alert's own id. */
  alert: z.optional(z.object({ source: z.string(), id: z.string(), url: z.optional(z.string()) })),
  resolvedAt: z.optional(isoTime),
  cause: z.optional(
    z.object({ kind: z.enum(['deployment', 'change', 'not-a-change', 'unknown']), deployment: z.optional(id), change: z.optional(id), summary: z.optional(z.string()) }),
  ),
  fix: z.optional(z.enum(['rollback', 'revert', 'fix-forward', 'configuration', 'external', 'none'])),
  lessons: z.optional(z.string()),
  followUps: z.optional(z.array(z.string())),
  notes: z.optional(z.string()),
});
export type IncidentRecord = z.infer<typeof incidentRecordSchema>;

/** Anything the change log holds. */
export const logEntrySchema = z.discriminatedUnion('schema', [changeRecordSchema, deploymentRecordSchema, incidentRecordSchema]);
export type LogEntry = z.infer<typeof logEntrySchema>;
