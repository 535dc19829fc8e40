import * as z from 'zod/mini';
import { sinceTextProblem } from '../time/sinceText';

// The team's rules around deploying and adopting: the pre-deploy gate and from when the ticket
// policy applies. Part of .changetrail/config.json (teamConfigSchema).

/** What a gate rule does when it finds something: stop the deployment, say so, or not look. */
export const gateModeSchema = z.enum(['block', 'warn', 'off']);

/** The rules `changetrail gate` checks before a deployment; unset rules take per-environment defaults. */
export const gateRulesSchema = z.strictObject({
  freeze: z.optional(gateModeSchema.check(z.describe('Inside a freeze window without an override reason. Default: block where the freeze applies.'))),
  records: z.optional(gateModeSchema.check(z.describe('A commit touching a configured system has no change record, or its record no rollback plan. Default: block on the last environment, warn elsewhere.'))),
  promotion: z.optional(gateModeSchema.check(z.describe('Commits never deployed to the environments before this one (the environments order). Default: block when there are earlier environments.'))),
  riskFlags: z.optional(gateModeSchema.check(z.describe('Change records carrying a risk flag listed in gate.blockOnRiskFlags. Default: block on the last environment, warn elsewhere.'))),
});

/** `changetrail gate`: the pre-deployment rules, for every environment and per environment. */
export const gatePolicySchema = z.strictObject({
  rules: z.prefault(gateRulesSchema, {}),
  environments: z._default(z.record(z.string(), gateRulesSchema), {}).check(z.describe('Rules for one environment, e.g. {"production": {"records": "block"}}.')),
  blockOnRiskFlags: z._default(z.array(z.enum(['freezeWindow', 'noRollback', 'notTestedInStaging', 'criticalSystem', 'thirdParty', 'largeDiff'])), ['notTestedInStaging']).check(
    z.describe('Risk flags of change records that the riskFlags rule acts on.'),
  ),
  since: z.optional(z.string().check(
    z.refine((v) => sinceTextProblem(v) === undefined, { error: (issue) => sinceTextProblem(String(issue.input)) ?? 'a commit or a date' }),
    z.describe('A commit or a date (YYYY-MM-DD, midnight UTC) before which commits are not checked: for adopting the gate on an old repository.'),
  )),
});

/** From when the ticket policy applies, so adopting ChangeTrail never demands rewriting history. */
export const enforcementPolicySchema = z.strictObject({
  since: z.optional(z.string().check(
    z.refine((v) => sinceTextProblem(v) === undefined, { error: (issue) => sinceTextProblem(String(issue.input)) ?? 'a commit or a date' }),
    z.describe('Commits before this one (a sha: the commit and its ancestors) or this date (ISO 8601, committer date) need no ticket in pre-push and check.'),
  )),
});
