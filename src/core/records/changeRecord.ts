import * as z from 'zod/mini';
import { ULID_PATTERN } from './ulid';

const id = z.string().check(z.regex(ULID_PATTERN, 'a ULID'));
const isoTime = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T/, 'an ISO timestamp'));

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
});
export type DeploymentRecord = z.infer<typeof deploymentRecordSchema>;

/** Anything the change log holds. */
export const logEntrySchema = z.discriminatedUnion('schema', [changeRecordSchema, deploymentRecordSchema]);
export type LogEntry = z.infer<typeof logEntrySchema>;
