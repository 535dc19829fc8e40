import * as z from 'zod/mini';

// Messages between the host and the "Current Change" webview view. Both sides validate.

export const overviewStateSchema = z.object({
  status: z.enum(['ticket', 'missing', 'defaultBranch', 'detached', 'noRepository']),
  repository: z.optional(z.string()),
  branch: z.optional(z.string()),
  ticket: z.optional(z.string()),
  ticketUrl: z.optional(z.string()),
  /** From the ticket cache, when it knows the ticket. */
  ticketTitle: z.optional(z.string()),
  ticketStatus: z.optional(z.string()),
  ticketAssignee: z.optional(z.string()),
  /** The defaults in force where no team config says otherwise, in words. */
  defaults: z.optional(z.array(z.string())),
  configFound: z.boolean(),
  configProblems: z.array(z.string()),
});
export type OverviewState = z.infer<typeof overviewStateSchema>;

/** Host -> webview. */
export const hostToOverviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: overviewStateSchema }),
]);
export type HostToOverview = z.infer<typeof hostToOverviewSchema>;

/** Commands the webview may ask for; nothing else is run on its behalf. */
export const overviewCommandSchema = z.enum(['changetrail.openTicket', 'changetrail.openTeamConfig', 'changetrail.showLog', 'changetrail.openChecklist', 'changetrail.getStarted', 'changetrail.showRecentDeployments']);

/** Webview -> host. The host posts nothing before `ready`. */
export const overviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('runCommand'), command: overviewCommandSchema }),
]);
export type OverviewToHost = z.infer<typeof overviewToHostSchema>;
