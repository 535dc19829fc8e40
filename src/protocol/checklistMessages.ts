import * as z from 'zod/mini';

// Messages between the host and the "Impact Checklist" webview view. Both sides validate.

const answer = z.object({ value: z.string(), evidence: z.optional(z.string()) });

export const checklistQuestionSchema = z.object({
  id: z.string(),
  text: z.string(),
  help: z.optional(z.string()),
  required: z.boolean(),
  kind: z.enum(['text', 'yesNoEvidence']),
});

export const sinkStateSchema = z.object({
  sink: z.string(),
  // local: written on this machine only; committed: in a commit not pushed; pushed: others can pull it.
  state: z.enum(['delivered', 'pending', 'failed', 'local', 'committed', 'pushed']),
  detail: z.optional(z.string()),
});

export const checklistStateSchema = z.object({
  status: z.enum(['ready', 'noRepository', 'detached']),
  repository: z.optional(z.string()),
  branch: z.optional(z.string()),
  tickets: z.array(z.string()),
  title: z.string(),
  questions: z.array(checklistQuestionSchema),
  answers: z.record(z.string(), answer),
  environments: z.array(z.string()),
  environment: z.string(),
  systems: z.array(z.object({ name: z.string(), owner: z.optional(z.string()), criticality: z.string(), thirdParty: z.boolean(), links: z.array(z.object({ label: z.string(), url: z.string() })) })),
  escalation: z.optional(z.string()),
  riskFlags: z.array(z.object({ id: z.string(), severity: z.enum(['warning', 'danger']), message: z.string() })),
  freezeOverrideReason: z.optional(z.string()),
  progress: z.object({ answered: z.number(), total: z.number(), missingRequired: z.array(z.string()), complete: z.boolean() }),
  diff: z.object({ files: z.number(), lines: z.number(), commits: z.number() }),
  problems: z.array(z.string()),
  records: z.array(z.object({ id: z.string(), title: z.string(), createdAt: z.string(), environment: z.string(), sinks: z.array(sinkStateSchema) })),
  busy: z.boolean(),
});
export type ChecklistState = z.infer<typeof checklistStateSchema>;

/** Host -> webview. */
export const hostToChecklistSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: checklistStateSchema }),
  z.object({ type: z.literal('submitted'), recordId: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type HostToChecklist = z.infer<typeof hostToChecklistSchema>;

/** Webview -> host. The host posts nothing before `ready`. */
export const checklistToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('setTitle'), title: z.string().check(z.maxLength(200)) }),
  z.object({ type: z.literal('setAnswer'), questionId: z.string(), value: z.string().check(z.maxLength(20_000)) }),
  z.object({ type: z.literal('setEvidence'), questionId: z.string(), evidence: z.string().check(z.maxLength(2_000)) }),
  z.object({ type: z.literal('setEnvironment'), environment: z.string() }),
  z.object({ type: z.literal('setOverrideReason'), reason: z.string().check(z.maxLength(2_000)) }),
  z.object({ type: z.literal('submit') }),
  z.object({ type: z.literal('reset') }),
  z.object({ type: z.literal('openLink'), url: z.string().check(z.regex(/^https?:\/\//)) }),
]);
export type ChecklistToHost = z.infer<typeof checklistToHostSchema>;
