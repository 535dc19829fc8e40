import * as z from 'zod/mini';
import { localTimeZone } from '../checklist/zonedTime';
import { fixedClock } from '../clock';
import { atTextProblem, parseAt } from '../time/atTime';
import { freezeAt } from '../checklist/freezeWindow';
import type { TeamConfig } from '../config/teamConfigSchema';
import { describeIssues } from './changeLogReader';
import type { ChangeRecord, RiskFlag } from './changeRecord';
import { ulid } from './ulid';

/**
 * A change made outside git, as a person or a tool describes it (`changetrail record`, its
 * --file form, or "Record a Change Outside Git..." in VS Code). The same fields as any change.
 */
export const manualChangeInputSchema = z.strictObject({
  // Trimmed before the length check: a title of spaces is no title (the record keeps trimmed text).
  systems: z.array(z.string().check(z.trim(), z.minLength(1, 'a system name is required'))).check(z.minLength(1, 'name at least one system')),
  title: z.string().check(z.trim(), z.minLength(1, 'a title is required')),
  why: z.string().check(z.trim(), z.minLength(1, 'say why the change was made')),
  rollback: z.optional(z.string()),
  description: z.optional(z.string()),
  environment: z.optional(z.string().check(z.trim(), z.minLength(1, 'an environment name is required'))),
  // Read as `changed --at` reads it; the zone and the clock are applied in buildManualChange.
  at: z.optional(
    z.string().check(
      z.superRefine((text, ctx) => {
        const why = atTextProblem(text);
        if (why) ctx.addIssue({ code: 'custom', message: why, input: text });
      }),
    ),
  ),
  by: z.optional(z.strictObject({ name: z.string().check(z.minLength(1)), email: z._default(z.string(), '') })),
  tickets: z._default(z.array(z.string()), []),
  runbook: z.optional(z.string()),
  overrideReason: z.optional(z.string()),
});
export type ManualChangeInput = z.infer<typeof manualChangeInputSchema>;

/** Why a manual change cannot be recorded as given, one line each. */
export class ManualChangeRefused extends Error {
  /** `needsOverrideReason`: the only problem is a freeze window, so a reason would let it through. */
  constructor(readonly problems: readonly string[], readonly needsOverrideReason = false) {
    super(problems.join('; '));
    this.name = 'ManualChangeRefused';
  }
}

/** Input that can never be recorded as given (an environment the team does not have): bad input, not a refusal of policy. */
export class ManualChangeBadInput extends ManualChangeRefused {
  constructor(problem: string) {
    super([problem]);
    this.name = 'ManualChangeBadInput';
  }
}

/** Parses one input object, naming the field of the first problem (and `where`, e.g. "line 3"). */
export function parseManualChange(value: unknown, where: string): ManualChangeInput {
  const parsed = manualChangeInputSchema.safeParse(value);
  if (!parsed.success) throw new ManualChangeRefused([`${where}: ${describeIssues(parsed.error.issues, value)}`]);
  return parsed.data;
}

/**
 * The change record of a manual change, with the same rules as any change: a rollback plan is
 * required, and inside a freeze window of its environment an override reason is required (the
 * record keeps both the freeze flag and the reason). Throws ManualChangeRefused otherwise.
 */
export function buildManualChange(input: ManualChangeInput, options: { config: TeamConfig; now: Date; by: { name: string; email: string }; repository?: string }): ChangeRecord {
  const { config } = options;
  const asked = (input.environment ?? config.environments.at(-1) ?? 'production').trim();
  // Only the team's environments: a typo ("prod" for "production") would match no freeze window
  // and slip past it, and no later `changed --env production` would list the change.
  const environment = config.environments.find((e) => e.trim().toLowerCase() === asked.toLowerCase())?.trim();
  if (environment === undefined) {
    throw new ManualChangeBadInput(`environment "${asked}" is not one of the configured environments (${config.environments.join(', ') || 'none'}): use one of them, or add it to environments in .changetrail/config.json`);
  }
  const timeZone = config.freeze.timeZone ?? localTimeZone();
  const problems: string[] = [];
  let at = options.now;
  if (input.at !== undefined) {
    // The team's zone for a wall time, and never after now: a change cannot have been made later.
    try {
      at = new Date(parseAt(input.at, fixedClock(options.now), timeZone, 'at'));
    } catch (error) {
      throw new ManualChangeRefused([(error as Error).message]);
    }
  }
  if (!input.rollback?.trim()) problems.push('a rollback plan is required (--rollback "how to undo it"): support needs a way back');
  const flags: RiskFlag[] = [];
  const hit = freezeAt(at, config.freeze, environment, timeZone);
  const override = input.overrideReason?.trim();
  if (hit) {
    flags.push({ id: 'freezeWindow', severity: 'danger', message: `Made in a freeze window of ${environment}: ${hit.reason}` });
    if (!override) problems.push(`${environment} is in a freeze window at ${at.toISOString()} (${hit.reason}): give --override-reason "<why it cannot wait>"`);
  }
  if (problems.length > 0) throw new ManualChangeRefused(problems, problems.length === 1 && Boolean(hit) && !override);
  const known = new Map(config.systems.map((s) => [s.name.toLowerCase(), s]));
  const systems = input.systems.map((name) => {
    const s = known.get(name.trim().toLowerCase());
    return s ? { name: s.name, owner: s.owner, criticality: s.criticality, thirdParty: s.thirdParty } : { name: name.trim(), criticality: 'medium' };
  });
  const critical = systems.filter((s) => s.criticality === 'critical');
  if (critical.length > 0) flags.push({ id: 'criticalSystem', severity: 'warning', message: `Touches a critical system: ${critical.map((s) => s.name).join(', ')}` });
  const by = input.by ?? options.by;
  return {
    schema: 'changetrail/change',
    version: 1,
    id: ulid(options.now.getTime()),
    createdAt: options.now.toISOString(),
    tickets: [...input.tickets],
    title: input.title.trim(),
    description: input.description?.trim() ?? '',
    reason: input.why.trim(),
    systems,
    author: { name: by.name, email: by.email },
    ...(options.repository ? { repository: options.repository } : {}),
    commits: [],
    answers: {},
    rollbackPlan: (input.rollback ?? '').trim(),
    riskFlags: flags,
    ...(hit && override ? { freezeOverride: { reason: override, by: { name: by.name, email: by.email } } } : {}),
    environment,
    origin: 'manual',
    ...(input.at ? { changedAt: at.toISOString() } : {}),
    ...(input.runbook ? { runbook: input.runbook } : {}),
  };
}

/**
 * Whether `fresh` repeats `existing`: the same change, said again at the same stated time (a tool's
 * re-run after an interrupted job, a script run twice). Only a change with its time given (`at`)
 * can be a repeat: without one, the same words twice are two changes made at two times.
 */
export function repeatsManualChange(existing: ChangeRecord, fresh: ChangeRecord): boolean {
  if (existing.origin !== 'manual' || fresh.changedAt === undefined || existing.changedAt === undefined) return false;
  const names = (r: ChangeRecord) => r.systems.map((x) => x.name.toLowerCase()).sort().join('\n');
  const person = (r: ChangeRecord) => `${r.author.name}\n${r.author.email}`;
  return (
    Date.parse(existing.changedAt) === Date.parse(fresh.changedAt) &&
    (existing.environment ?? '').toLowerCase() === (fresh.environment ?? '').toLowerCase() &&
    existing.title === fresh.title &&
    existing.reason === fresh.reason &&
    existing.description === fresh.description &&
    existing.rollbackPlan === fresh.rollbackPlan &&
    (existing.runbook ?? '') === (fresh.runbook ?? '') &&
    (existing.freezeOverride?.reason ?? '') === (fresh.freezeOverride?.reason ?? '') &&
    names(existing) === names(fresh) &&
    person(existing) === person(fresh) &&
    [...existing.tickets].sort().join(' ') === [...fresh.tickets].sort().join(' ')
  );
}

const DEPLOYMENT_OVERRIDE = 'Freeze override: deploy ';

/** The title of the record `changetrail gate` writes for a deployment it lets through a freeze on an override. */
export function deploymentOverrideTitle(commit: string, environment: string): string {
  return `${DEPLOYMENT_OVERRIDE}${commit.slice(0, 7)} to ${environment}`;
}

/** Whether a manual record is the gate's note of a deployment override, not a change made outside git. */
export function isDeploymentOverride(record: Pick<ChangeRecord, 'origin' | 'title' | 'commits'>): boolean {
  return record.origin === 'manual' && record.commits.length === 0 && record.title.startsWith(DEPLOYMENT_OVERRIDE);
}

/** Parses a --file: one JSON object, a JSON array, or JSON Lines; problems name the line. */
export function parseManualChangeFile(text: string): ManualChangeInput[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new ManualChangeRefused(['the file is empty']);
  if (trimmed.startsWith('[')) {
    let list: unknown;
    try {
      list = JSON.parse(trimmed);
    } catch (error) {
      throw new ManualChangeRefused([`not valid JSON: ${(error as Error).message}`]);
    }
    return (list as unknown[]).map((v, i) => parseManualChange(v, `item ${i + 1}`));
  }
  const lines = trimmed.startsWith('{') && !trimmed.includes('\n{') ? [trimmed] : trimmed.split('\n');
  const out: ManualChangeInput[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ManualChangeRefused([`line ${i + 1}: not valid JSON (${(error as Error).message})`]);
    }
    out.push(parseManualChange(value, lines.length === 1 ? 'the file' : `line ${i + 1}`));
  });
  return out;
}
