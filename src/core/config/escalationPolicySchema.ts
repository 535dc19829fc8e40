import * as z from 'zod/mini';

// Incident escalation levels of the team config (`escalationLevels`).

/** One incident escalation level; level 1 is the most urgent. */
export const escalationLevelSchema = z.strictObject({
  level: z.number().check(z.int(), z.minimum(1)),
  name: z.string().check(z.minLength(1)),
  examples: z._default(z.array(z.string()), []).check(z.describe('What an incident of this level looks like, for whoever picks one at 6 AM.')),
  notify: z._default(z.array(z.string()), []).check(z.describe('Who is told (channels, roles).')),
  wake: z._default(z.array(z.string()), []).check(z.describe('Who is woken up, at any hour.')),
  responseTarget: z.string().check(z.minLength(1), z.describe('How soon someone must be on it, e.g. "15 minutes".')),
});
export type EscalationLevel = z.output<typeof escalationLevelSchema>;

/** The default incident levels: 1 wakes people, 2 tells them now, 3 waits for working hours. */
export const DEFAULT_ESCALATION_LEVELS: readonly EscalationLevel[] = [
  { level: 1, name: 'Critical', examples: ['Customers cannot log in or pay', 'Data loss or a security breach', 'An SLA is being breached'], notify: ['#incidents', 'Engineering manager'], wake: ['On-call engineer', 'Incident commander'], responseTarget: '15 minutes' },
  { level: 2, name: 'Major', examples: ['A feature is down for some customers', 'Slow pages or failing background jobs customers notice'], notify: ['#incidents', 'Owning team'], wake: ['On-call engineer'], responseTarget: '1 hour' },
  { level: 3, name: 'Minor', examples: ['An internal tool is broken', 'A problem no customer notices, with a workaround'], notify: ['Owning team'], wake: [], responseTarget: 'Next working day' },
];

/**
 * How an incident's level is suggested: the customer impact gives the level, business impact
 * (a critical system, or one flagged billing, SLA or compliance) makes it more urgent, and a
 * contained, non-customer-facing, mitigated problem may be made less urgent with a written reason.
 */
export const escalationLevelsPolicySchema = z.strictObject({
  levels: z._default(z.array(escalationLevelSchema).check(z.minLength(1)), [...DEFAULT_ESCALATION_LEVELS]).check(
    z.describe('Incident levels, 1 the most urgent: name, examples, who is told and woken, response target.'),
  ),
  byImpact: z._default(z.strictObject({
    outage: z.number().check(z.int(), z.minimum(1)),
    degraded: z.number().check(z.int(), z.minimum(1)),
    none: z.number().check(z.int(), z.minimum(1)),
  }), { outage: 2, degraded: 3, none: 3 }).check(z.describe('The level an incident starts at, by customer impact, before business impact is weighed.')),
  raiseFor: z._default(z.array(z.enum(['critical', 'billing', 'sla', 'compliance'])), ['critical', 'billing', 'sla', 'compliance']).check(
    z.describe('Systems that make an incident one level more urgent: criticality "critical", or systems whose "impact" lists billing, sla or compliance.'),
  ),
});
export type EscalationLevelsPolicy = z.output<typeof escalationLevelsPolicySchema>;
