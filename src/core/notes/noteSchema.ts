import * as z from 'zod/mini';
import { riskFlagSchema } from '../records/changeRecord';
import { incidentNoteSchema } from '../incidents/incidentNote';

const criticality = z.enum(['low', 'medium', 'high', 'critical']);

/** A commit as a note lists it (author name only: notes go to chat, not the e-mail addresses). */
export const noteCommitSchema = z.object({
  sha: z.string(),
  subject: z.string(),
  author: z.string(),
  date: z.string(),
  tickets: z.array(z.string()),
  merge: z.optional(z.boolean()),
});
export type NoteCommit = z.infer<typeof noteCommitSchema>;

/** One change of a deployment, from its change record. */
export const noteChangeSchema = z.object({
  recordId: z.string(),
  title: z.string(),
  tickets: z.array(z.string()),
  /** Plain language: the problem and how we know it is fixed. */
  description: z.string(),
  /** What users may notice; absent when the record does not say. */
  userImpact: z.optional(z.string()),
  riskFlags: z.array(riskFlagSchema),
  /** Absent when the record has none (or only a placeholder such as "n/a"). */
  rollbackPlan: z.optional(z.string()),
  escalation: z.optional(z.string()),
  author: z.string(),
  systems: z.array(z.object({ name: z.string(), criticality: z.string() })),
  /** Shas of the range's commits this record covers. */
  commits: z.array(z.string()),
  matchedBy: z.enum(['commit', 'ticket']),
});
export type NoteChange = z.infer<typeof noteChangeSchema>;

/** A change made outside git (origin "manual") to the environment since its previous deployment. */
export const noteManualChangeSchema = z.object({
  recordId: z.string(),
  title: z.string(),
  tickets: z.array(z.string()),
  /** Why it was made (or its description). */
  description: z.string(),
  /** When it was made (changedAt, else when it was recorded). */
  at: z.string(),
  author: z.string(),
  systems: z.array(z.object({ name: z.string(), criticality: z.string() })),
  riskFlags: z.array(riskFlagSchema),
  rollbackPlan: z.optional(z.string()),
  freezeOverride: z.optional(z.string()),
});
export type NoteManualChange = z.infer<typeof noteManualChangeSchema>;

/** The freeze window a deployment falls in. */
export const noteFreezeSchema = z.object({ window: z.string(), reason: z.string(), until: z.optional(z.string()) });

/** A deployment note, version 1: what goes live, its risk, and how to take it back. Plain text, never markup. */
export const deploymentNoteSchema = z.object({
  schema: z.literal('changetrail/deployment-note'),
  version: z.literal(1),
  /** The DeploymentRecord's id, once recorded. */
  deploymentId: z.optional(z.string()),
  /** What the deployer wrote for the team in the editable note (posted with the structured note). */
  message: z.optional(z.string()),
  /** Made from the deployment record alone (the full note was lost): changes are not listed. */
  partial: z.optional(z.boolean()),
  environment: z.string(),
  repository: z.optional(z.string()),
  createdAt: z.string(),
  by: z.optional(z.string()),
  from: z.optional(z.string()),
  /** The commit live before, even when it is missing from the repository. */
  previous: z.optional(z.string()),
  to: z.string(),
  firstDeploy: z.boolean(),
  totalCommits: z.number(),
  truncated: z.boolean(),
  changes: z.array(noteChangeSchema),
  /** Commits in the range no change record covers (merge commits left out: their content is listed). */
  unrecorded: z.array(noteCommitSchema),
  withoutRollback: z.array(z.object({ recordId: z.string(), title: z.string() })),
  /** Changes made outside git to this environment since its previous deployment; absent when none. */
  outsideGit: z.optional(z.array(noteManualChangeSchema)),
  /** Where outsideGit starts: the previous deployment's time, or the window used without one. */
  outsideGitSince: z.optional(z.string()),
  /** Live commits this deployment takes away. */
  removed: z.array(noteCommitSchema),
  risk: z.object({
    /** The highest criticality touched; `none` when no configured system is. */
    level: z.enum(['none', 'low', 'medium', 'high', 'critical']),
    systems: z.array(z.string()),
    escalation: z.optional(z.string()),
    danger: z.number(),
    warning: z.number(),
    freeze: z.optional(noteFreezeSchema),
    freezeOverride: z.optional(z.object({ reason: z.string(), by: z.string() })),
  }),
  rollback: z.object({
    /** Redeploy this commit to undo the deployment as a whole. */
    commit: z.optional(z.string()),
    commitMissing: z.optional(z.boolean()),
  }),
  problems: z.array(z.string()),
});
export type DeploymentNote = z.infer<typeof deploymentNoteSchema>;

/** One change in the digest. */
export const digestItemSchema = z.object({
  recordId: z.string(),
  title: z.string(),
  /** The parenthesis after the title: why, and what users may notice (see digest.ts). */
  detail: z.optional(z.string()),
  tickets: z.array(z.string()),
  author: z.string(),
  environment: z.string(),
  createdAt: z.string(),
  danger: z.boolean(),
});
export type DigestItem = z.infer<typeof digestItemSchema>;

/** "This Week in Changes", version 1: change records of a period grouped by system. */
export const digestSchema = z.object({
  schema: z.literal('changetrail/digest'),
  version: z.literal(1),
  title: z.string(),
  since: z.string(),
  until: z.string(),
  createdAt: z.string(),
  environment: z.optional(z.string()),
  total: z.number(),
  groups: z.array(z.object({ system: z.string(), criticality: z.optional(criticality), items: z.array(digestItemSchema) })),
  deployments: z.array(z.object({ environment: z.string(), count: z.number() })),
  /** Commits the period's deployments took live that no change record covers. */
  unrecorded: z.optional(z.array(noteCommitSchema)),
  /** What the reader must know first (lines of the change log that could not be read). */
  problems: z.optional(z.array(z.string())),
});
export type Digest = z.infer<typeof digestSchema>;

/** What a channel posts: a deployment note, a digest or an incident note. */
export const channelContentSchema = z.discriminatedUnion('schema', [deploymentNoteSchema, digestSchema, incidentNoteSchema]);
export type ChannelContent = z.infer<typeof channelContentSchema>;
