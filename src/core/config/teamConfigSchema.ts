import * as z from 'zod/mini';
import { configHttpUrl, noUrlCredentials } from './configUrl';
import { enforcementPolicySchema, gatePolicySchema } from './deployPolicySchema';
import { escalationLevelsPolicySchema } from './escalationPolicySchema';
import { enginesPolicySchema } from './enginesSchema';
import { emptyMatchWitness, patternError } from './teamPattern';
import { commitFormatError } from '../tickets/commitFormat';

/** Where the team policy lives, relative to the repository root. */
export const TEAM_CONFIG_PATH = '.changetrail/config.json';

const projectKey = z.string().check(
  z.regex(/^[A-Z][A-Z0-9_]+$/, 'a project key is upper-case letters, digits or _, starting with a letter, such as PROJ'),
);

// Team patterns run on RE2 (linear time); one RE2 cannot run (lookaround, backreferences) is refused.
const regexSource = z.string().check(
  z.superRefine((source, ctx) => {
    const why = patternError(source);
    if (why) ctx.addIssue({ code: 'custom', message: why, input: source });
  }),
);

// An exemption that can match empty text matches without reading the subject: every commit, or
// every commit with an empty subject, would pass without a ticket. Refused, never run.
const exemptionSource = z.string().check(
  z.superRefine((source, ctx) => {
    const why = patternError(source);
    if (why) ctx.addIssue({ code: 'custom', message: why, input: source });
    else if (emptyMatchWitness(source) !== undefined) {
      ctx.addIssue({ code: 'custom', input: source, message: `${JSON.stringify(source)} matches empty text, so it would exempt commits whatever their subject says; write it so it needs at least one character, e.g. "^chore:" rather than "^(chore:)?"` });
    }
  }),
);

/** Commits that need no ticket. */
export const exemptionPolicySchema = z.strictObject({
  merges: z._default(z.boolean(), true).check(z.describe('Merge commits need no ticket.')),
  reverts: z._default(z.boolean(), true).check(z.describe('Commits whose subject starts with Revert " need no ticket.')),
  fixups: z._default(z.boolean(), true).check(z.describe('fixup!, squash! and amend! commits need no ticket (they are folded into another).')),
  messagePatterns: z._default(z.array(exemptionSource), []).check(
    z.describe('Regular expressions; a commit whose subject matches needs no ticket, e.g. "^(chore|build)\\(deps\\):".'),
  ),
  authors: z._default(z.array(z.string()), []).check(
    z.describe('Authors (name or e-mail, exact) whose commits need no ticket, e.g. "dependabot[bot]".'),
  ),
});

/** Ticket policy: which keys count and where they are required. */
export const ticketPolicySchema = z.strictObject({
  projects: z._default(z.array(projectKey), []).check(
    z.describe('Project keys that count as tickets (e.g. ["PROJ", "OPS"]). List them: `changetrail config check` suggests the keys already in your history. Empty: any upper-case KEY-123 in a message that is not a look-alike such as UTF-8; in branch names only upper-case keys (chore/node-20-upgrade names no ticket).'),
  ),
  patterns: z._default(z.array(regexSource), []).check(
    z.describe('Extra regular expressions that match a ticket ID; the first capture group, or the whole match, is the ID.'),
  ),
  requireOnCommit: z._default(z.boolean(), true).check(z.describe('Reject commits whose message names no ticket.')),
  requireOnBranch: z._default(z.boolean(), false).check(z.describe('Warn about branches whose name names no ticket.')),
  urlTemplate: z.optional(z.string().check(noUrlCredentials)).check(
    z.describe('Link to a ticket; {ticket} is replaced, e.g. https://acme.atlassian.net/browse/{ticket}'),
  ),
  commitFormat: z._default(z.string().check(
    z.superRefine((format, ctx) => {
      // A message written in the format must read back as its ticket (or the hooks refuse what they wrote).
      const why = commitFormatError(format);
      if (why) ctx.addIssue({ code: 'custom', message: why, input: format });
    }),
  ), '{ticket}: {message}').check(
    z.describe('How a ticket is added to a commit message; {ticket} and {message} are replaced.'),
  ),
  exemptions: z.prefault(exemptionPolicySchema, {}),
});

/** Branch policy: which branches are default or protected, and how new ones are named. */
export const branchPolicySchema = z.strictObject({
  defaultBranches: z._default(z.array(z.string()), ['main', 'master', 'develop', 'trunk']).check(
    z.describe('Branches that never need a ticket.'),
  ),
  protected: z._default(z.array(z.string()), ['main', 'master', 'release/*']).check(
    z.describe('Branches (globs) whose pushes are checked for tickets.'),
  ),
  nameTemplate: z._default(z.string(), '{type}/{ticket}-{slug}').check(
    z.describe('Name of a branch created from a ticket: {type}, {ticket} and {slug} are replaced.'),
  ),
  lowerCase: z._default(z.boolean(), false).check(z.describe('Write new branch names in lower case.')),
  maxLength: z._default(z.number().check(z.int(), z.minimum(20), z.maximum(255)), 60).check(
    z.describe('Longest branch name created from a ticket.'),
  ),
});

/** Which git hooks ChangeTrail installs. */
export const hookPolicySchema = z.strictObject({
  prePush: z._default(z.boolean(), false).check(
    z.describe('Also install a pre-push hook that checks every commit pushed to a protected branch.'),
  ),
});

const httpsUrl = configHttpUrl;
const trackerId = z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and -')));

/** Where tickets come from. Credentials are never here: they live in VS Code's SecretStorage. */
export const trackerSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('jira-cloud'),
    id: trackerId,
    baseUrl: httpsUrl.check(z.describe('e.g. https://acme.atlassian.net')),
    jql: z.optional(z.string().check(z.describe('Which issues to cache; default: the configured projects, recently updated first.'))),
  }),
  z.strictObject({
    type: z.literal('jira-server'),
    id: trackerId,
    baseUrl: httpsUrl.check(z.describe('Jira Data Center/Server, with its context path, e.g. https://jira.acme.com/jira')),
    jql: z.optional(z.string()),
  }),
  z.strictObject({
    type: z.literal('github'),
    id: trackerId,
    baseUrl: z.optional(httpsUrl.check(z.describe('API URL; default https://api.github.com (GitHub Enterprise: https://ghe.acme.com/api/v3)'))),
    repository: z.string().check(z.regex(/^[^/\s]+\/[^/\s]+$/, 'owner/name')),
  }),
  z.strictObject({
    type: z.literal('gitlab'),
    id: trackerId,
    baseUrl: z.optional(httpsUrl.check(z.describe('default https://gitlab.com'))),
    project: z.string().check(z.describe('Project path (group/name) or numeric id.')),
  }),
  z.strictObject({
    type: z.literal('linear'),
    id: trackerId,
    baseUrl: z.optional(httpsUrl.check(z.describe('default https://api.linear.app'))),
    teamKey: z.optional(z.string().check(z.describe('Only issues of this team, e.g. ENG.'))),
  }),
  z.strictObject({
    type: z.literal('azure-boards'),
    id: trackerId,
    baseUrl: z.optional(httpsUrl.check(z.describe('default https://dev.azure.com; Azure DevOps Server: its collection URL host'))),
    organization: z.string(),
    project: z.string(),
  }),
  z.strictObject({
    type: z.literal('local'),
    id: trackerId,
    file: z._default(z.string(), '.changetrail/tickets.json').check(z.describe('A JSON array or a CSV file (key,title,status,assignee) in the repository.')),
  }),
]);
export type TrackerConfig = z.output<typeof trackerSchema>;

/** A system the code base touches, found from changed paths. */
export const systemSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  paths: z.array(z.string()).check(z.minLength(1), z.describe('Globs of repository paths that belong to this system, e.g. "src/billing/**".')),
  owner: z.optional(z.string().check(z.describe('Team or person who owns the system.'))),
  criticality: z._default(z.enum(['low', 'medium', 'high', 'critical']), 'medium'),
  thirdParty: z._default(z.boolean(), false).check(z.describe('An integration with a third party (payment provider, SSO, ...).')),
  runbook: z.optional(httpsUrl),
  faq: z.optional(httpsUrl),
  alerts: z.optional(httpsUrl),
  impact: z.optional(z.array(z.enum(['billing', 'sla', 'compliance'])).check(
    z.describe('Business impact of the system: billing, an SLA, compliance. An incident on it gets a more urgent escalation level.'),
  )),
});
export type SystemConfig = z.output<typeof systemSchema>;

/** A question of the impact checklist, as a team adds or adjusts one. */
export const questionSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-zA-Z][a-zA-Z0-9-]*$/, 'letters, digits and -')),
  text: z.optional(z.string()),
  help: z.optional(z.string()),
  required: z.optional(z.boolean()),
  kind: z.optional(z.enum(['text', 'yesNoEvidence'])),
});

/** A date or range during which production changes need an override (e.g. a release freeze). */
export const freezeDateSchema = z.strictObject({
  from: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')),
  to: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'))),
  reason: z.optional(z.string()),
});

/** When production changes are risky: a weekly window in local time plus listed dates. */
export const freezePolicySchema = z.strictObject({
  weekly: z._default(
    z.array(z.strictObject({
      from: z.string().check(z.regex(/^(mon|tue|wed|thu|fri|sat|sun) (([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'e.g. "fri 15:00"')),
      to: z.string().check(z.regex(/^(mon|tue|wed|thu|fri|sat|sun) (([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'e.g. "mon 06:00"')),
    })),
    [{ from: 'fri 15:00', to: 'mon 06:00' }],
  ).check(z.describe('Weekly windows in the team time zone; default Friday 15:00 to Monday 06:00.')),
  dates: z._default(z.array(freezeDateSchema), []),
  timeZone: z.optional(z.string().check(
    z.refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone (e.g. Europe/Madrid)'),
    z.describe('IANA time zone of the windows, e.g. Europe/Madrid; default: the local time zone.'),
  )),
  environments: z._default(z.array(z.string()), ['production']).check(z.describe('Environments the freeze applies to.')),
});

/** Where change records go. Several sinks may be on at once. */
export const recordsPolicySchema = z.strictObject({
  log: z.prefault(z.strictObject({
    enabled: z._default(z.boolean(), true),
    path: z._default(z.string(), '.changetrail/changes.jsonl').check(z.describe('The shared JSONL log: a repository path, or any path such as a network share.')),
  }), {}),
  webhook: z.optional(z.strictObject({
    url: httpsUrl.check(z.describe('HTTPS (http only for loopback). Records are POSTed with an Idempotency-Key.')),
    signed: z._default(z.boolean(), false).check(z.describe('Sign with HMAC-SHA256 (X-ChangeTrail-Signature); the secret is set with "ChangeTrail: Set Webhook Secret".')),
  })),
  ticketComment: z._default(z.boolean(), false).check(z.describe('Post a short summary with a link as a comment on the ticket.')),
});

/** How deployments are found and marked. */
export const deploymentPolicySchema = z.strictObject({
  tagPattern: z._default(z.string().check(z.refine((p) => p.includes('{env}'), 'must contain {env}')), 'deploy/{env}/*').check(
    z.describe('Tags that mark a deployment when no deployment record says otherwise; {env} is the environment.'),
  ),
  createTag: z._default(z.boolean(), false).check(z.describe('Create an annotated tag deploy/<env>/<timestamp> when recording a deployment.')),
  pushTag: z._default(z.boolean(), false).check(z.describe('Push that tag to origin.')),
});

/**
 * Where deployment notes and digests are posted. Webhook URLs of Slack and Teams are secrets:
 * they live in VS Code's SecretStorage (or CHANGETRAIL_<ID>_URL in CI), never here.
 */
export const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('slack'), id: z._default(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)), 'slack') }),
  z.strictObject({ type: z.literal('teams'), id: z._default(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)), 'teams') }),
  z.strictObject({ type: z.literal('webhook'), id: z._default(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)), 'webhook'), url: httpsUrl }),
  z.strictObject({ type: z.literal('email'), id: z._default(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)), 'email'), to: z.array(z.string()), cc: z.optional(z.array(z.string())) }),
]);
export type ChannelConfig = z.output<typeof channelSchema>;

/** The whole of `.changetrail/config.json`: committed, read by the extension, the hooks and the CLI. */
export const teamConfigSchema = z.strictObject({
  $schema: z.optional(z.string()),
  version: z._default(z.literal(1), 1).check(z.describe('Version of this file format.')),
  tickets: z.prefault(ticketPolicySchema, {}),
  branches: z.prefault(branchPolicySchema, {}),
  hooks: z.prefault(hookPolicySchema, {}),
  trackers: z._default(z.array(trackerSchema), [{ type: 'local', file: '.changetrail/tickets.json' }]).check(
    z.describe('Where ticket completion, titles and links come from. Tickets seen in git history always count too.'),
  ),
  environments: z._default(z.array(z.string()), ['staging', 'production']).check(z.describe('Where changes go live, in promotion order.')),
  systems: z._default(z.array(systemSchema), []),
  escalation: z._default(z.partialRecord(z.enum(['low', 'medium', 'high', 'critical']), z.string()), {
    low: 'Team on duty',
    medium: 'Team lead',
    high: 'Engineering manager on call',
    critical: 'Incident commander',
  }).check(z.describe('Who owns escalation, by the highest criticality a change touches.')),
  checklist: z.prefault(z.strictObject({
    questions: z._default(z.array(questionSchema), []).check(z.describe('Questions to add, or to change (same id as a built-in one).')),
    order: z.optional(z.array(z.string()).check(z.describe('Question ids in the order to ask them.'))),
    largeDiffLines: z._default(z.number().check(z.int(), z.minimum(1)), 400),
  }), {}),
  freeze: z.prefault(freezePolicySchema, {}),
  records: z.prefault(recordsPolicySchema, {}),
  deployments: z.prefault(deploymentPolicySchema, {}),
  channels: z._default(z.array(channelSchema), []).check(z.describe('Where deployment notes and the weekly digest are posted (the clipboard always works).')),
  gate: z.prefault(gatePolicySchema, {}),
  enforcement: z.prefault(enforcementPolicySchema, {}),
  escalationLevels: z.prefault(escalationLevelsPolicySchema, {}),
  engines: z.prefault(enginesPolicySchema, {}),
});

export type TeamConfig = z.output<typeof teamConfigSchema>;
export type TicketPolicy = TeamConfig['tickets'];
export type ExemptionPolicy = TicketPolicy['exemptions'];
export type BranchPolicy = TeamConfig['branches'];

/** The id a tracker is known by (SecretStorage key, cache file): its `id`, else its type. */
export function trackerIdOf(tracker: TrackerConfig): string {
  return tracker.id ?? tracker.type;
}

/** The policy a repository without a config file gets. */
export function defaultTeamConfig(): TeamConfig {
  return teamConfigSchema.parse({});
}

/** JSON schema of the config file for editors (VS Code's jsonValidation), derived from the zod schema. */
export function teamConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(teamConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'ChangeTrail team configuration', $comment: 'Generated from src/core/config/teamConfigSchema.ts' };
}
