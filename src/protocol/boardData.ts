import * as z from 'zod/mini';

// The data files of the static change board, written by `changetrail board` and read by the page
// (src/board). Each is a small script, `data/*.js`, that pushes one document onto
// window.ChangeTrailBoard: scripts load from file:// where fetch() of a local JSON file does not.
// The page validates every document with these schemas before it shows anything.

const flag = z.object({ id: z.string(), severity: z.string(), message: z.string() });

export const boardChangeSchema = z.object({
  id: z.string(),
  /** Epoch ms: when the change was made (manual) or recorded. */
  at: z.number(),
  environment: z.string(),
  systems: z.array(z.string()),
  title: z.string(),
  description: z.string(),
  reason: z.string(),
  who: z.string(),
  rollbackPlan: z.string(),
  tickets: z.array(z.object({ key: z.string(), url: z.optional(z.string()) })),
  risk: z.array(flag),
  freezeOverride: z.optional(z.string()),
  commits: z.array(z.object({ sha: z.string(), subject: z.string() })),
  manual: z.boolean(),
  runbook: z.optional(z.string()),
  escalation: z.optional(z.string()),
  repository: z.optional(z.string()),
});
export type BoardChange = z.infer<typeof boardChangeSchema>;

export const boardDeploymentSchema = z.object({
  id: z.string(),
  at: z.number(),
  environment: z.string(),
  commit: z.string(),
  previousCommit: z.optional(z.string()),
  by: z.string(),
  changes: z.array(z.string()),
  rollback: z.boolean(),
  rollsBack: z.optional(z.string()),
  incident: z.optional(z.string()),
  failures: z.array(z.string()),
  freezeOverride: z.optional(z.string()),
  repository: z.optional(z.string()),
});
export type BoardDeployment = z.infer<typeof boardDeploymentSchema>;

export const boardIncidentSchema = z.object({
  id: z.string(),
  title: z.string(),
  environment: z.string(),
  systems: z.array(z.string()),
  detectedAt: z.number(),
  resolvedAt: z.optional(z.number()),
  impact: z.string(),
  level: z.number(),
  status: z.string(),
  cause: z.optional(z.string()),
  causeDeployment: z.optional(z.string()),
  fix: z.optional(z.string()),
  lessons: z.optional(z.string()),
  followUps: z.array(z.string()),
});
export type BoardIncident = z.infer<typeof boardIncidentSchema>;

const measured = z.object({ value: z.nullable(z.number()), band: z.optional(z.string()), sample: z.number(), note: z.optional(z.string()) });

export const boardMetricsSchema = z.object({
  period: z.string(),
  kind: z.enum(['week', 'month']),
  start: z.number(),
  environment: z.string(),
  system: z.optional(z.string()),
  deployments: z.number(),
  rollbacks: z.number(),
  failedDeployments: z.number(),
  deploymentFrequency: measured,
  changeFailureRate: measured,
  timeToRestore: measured,
  leadTime: measured,
  uptime: measured,
  changes: z.number(),
  changesWithoutRollbackPlan: z.number(),
  freezeOverrides: z.number(),
});
export type BoardMetrics = z.infer<typeof boardMetricsSchema>;

export const boardIndexSchema = z.object({
  kind: z.literal('index'),
  schema: z.literal('changetrail/board'),
  version: z.literal(1),
  title: z.string(),
  generatedAt: z.number(),
  timeZone: z.string(),
  environments: z.array(z.string()),
  systems: z.array(z.string()),
  /**
   * Newest first; the page loads the newest three at start and older ones when asked. A built site
   * splits a month in two scripts: `file` (its changes, appended to as the log grows) and `meta`
   * (its deployments and the ids of its changes amended since, rewritten when they change).
   */
  months: z.array(z.object({ key: z.string(), file: z.string(), meta: z.optional(z.string()), changes: z.number(), deployments: z.number() })),
  freezeWindows: z.array(z.object({ environment: z.string(), from: z.number(), to: z.number(), label: z.string() })),
  incidents: z.array(boardIncidentSchema),
  metrics: z.array(boardMetricsSchema),
  definitions: z.array(z.object({ metric: z.string(), definition: z.string(), bands: z.array(z.object({ band: z.string(), label: z.string() })) })),
  /** Each log read; `skipped`: its lines that could not be read (bad JSON or schema), which the board leaves out. */
  sources: z.array(z.object({ log: z.string(), repository: z.optional(z.string()), commit: z.optional(z.string()), uncommitted: z.optional(z.boolean()), skipped: z.optional(z.number()) })),
});
export type BoardIndex = z.infer<typeof boardIndexSchema>;

export const boardMonthSchema = z.object({
  kind: z.literal('month'),
  key: z.string(),
  changes: z.array(boardChangeSchema),
  deployments: z.array(boardDeploymentSchema),
});
export type BoardMonth = z.infer<typeof boardMonthSchema>;

/** Changes of a month as a site's month script holds them: one part per build that added some, oldest part first. */
export const boardMonthChangesSchema = z.object({
  kind: z.literal('monthChanges'),
  key: z.string(),
  changes: z.array(boardChangeSchema),
});
export type BoardMonthChanges = z.infer<typeof boardMonthChangesSchema>;

/** A month's deployments (decorated with what became of them) and the ids of its changes that amendments replaced. */
export const boardMonthMetaSchema = z.object({
  kind: z.literal('monthMeta'),
  key: z.string(),
  deployments: z.array(boardDeploymentSchema),
  superseded: z.array(z.string()),
});
export type BoardMonthMeta = z.infer<typeof boardMonthMetaSchema>;

export const boardDocumentSchema = z.discriminatedUnion('kind', [boardIndexSchema, boardMonthSchema, boardMonthChangesSchema, boardMonthMetaSchema]);
export type BoardDocument = z.infer<typeof boardDocumentSchema>;

/** The global the data scripts push onto. */
export const BOARD_GLOBAL = 'ChangeTrailBoard';
