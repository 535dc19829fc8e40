import { type FreezeHit } from '../checklist/freezeWindow';
import { type TouchedSystem, systemsTouched } from '../checklist/systemsForPaths';
import type { TeamConfig } from '../config/teamConfigSchema';
import type { ChangeRecord } from '../records/changeRecord';
import { deploymentOverrideTitle } from '../records/manualChange';

export type GateRuleId = 'freeze' | 'records' | 'promotion' | 'riskFlags';
export type GateMode = 'block' | 'warn' | 'off';
export type Verdict = 'pass' | 'warn' | 'block' | 'off';

/** One commit the deployment would take live. */
export interface GateCommit {
  readonly sha: string;
  readonly subject: string;
  readonly files: readonly string[];
}

/** Everything the rules look at, gathered from git and the change log (see gateFacts.ts). */
export interface GateFacts {
  readonly environment: string;
  /** The full sha being deployed. */
  readonly target: string;
  /** Non-merge commits that would go live, newest first. */
  readonly commits: readonly GateCommit[];
  /** Current change records naming any of those commits, and manual changes recorded for the environment since the last deployment. */
  readonly records: readonly ChangeRecord[];
  /** For each environment that must come first: the commits never deployed there. */
  readonly undeployed: readonly { readonly environment: string; readonly shas: readonly string[]; readonly neverDeployed: boolean }[];
  /** The freeze window covering now, if any. */
  readonly freeze?: FreezeHit;
  readonly overrideReason?: string;
}

export interface RuleResult {
  readonly rule: GateRuleId;
  readonly mode: GateMode;
  readonly verdict: Verdict;
  /** What was found, one line each; empty on a pass. */
  readonly reasons: readonly string[];
  /** How to make the rule pass. */
  readonly fix?: string;
  /** The commits the rule applies to (full shas). */
  readonly commits: readonly string[];
  /** Set when a freeze was overridden: the reason that lets the deployment through. */
  readonly overriddenBy?: string;
}

/** The mode of each rule for `environment`: its own setting, else the team-wide one, else the default. */
export function gateModes(config: TeamConfig, environment: string): Record<GateRuleId, GateMode> {
  const env = environment.trim().toLowerCase();
  const order = config.environments.map((e) => e.trim().toLowerCase());
  const position = order.indexOf(env);
  const last = position >= 0 && position === order.length - 1;
  const own = Object.entries(config.gate.environments).find(([name]) => name.trim().toLowerCase() === env)?.[1] ?? {};
  const frozen = config.freeze.environments.some((e) => e.trim().toLowerCase() === env);
  const defaults: Record<GateRuleId, GateMode> = {
    freeze: frozen ? 'block' : 'off',
    records: last ? 'block' : 'warn',
    promotion: position > 0 ? 'block' : 'off',
    riskFlags: last ? 'block' : 'warn',
  };
  const pick = (rule: GateRuleId): GateMode => own[rule] ?? config.gate.rules[rule] ?? defaults[rule];
  return { freeze: pick('freeze'), records: pick('records'), promotion: pick('promotion'), riskFlags: pick('riskFlags') };
}

const short = (sha: string) => sha.slice(0, 7);

function result(rule: GateRuleId, mode: GateMode, found: { reasons: string[]; commits: string[]; fix?: string; overriddenBy?: string }): RuleResult {
  const verdict: Verdict = mode === 'off' ? 'off' : found.reasons.length === 0 ? 'pass' : mode;
  return { rule, mode, verdict, reasons: mode === 'off' ? [] : found.reasons, fix: verdict === 'pass' || verdict === 'off' ? undefined : found.fix, commits: mode === 'off' ? [] : found.commits, ...(found.overriddenBy ? { overriddenBy: found.overriddenBy } : {}) };
}

/** Evaluates every rule over the facts. Pure: the same facts and config give the same verdicts. */
export function evaluateGate(facts: GateFacts, config: TeamConfig): RuleResult[] {
  const modes = gateModes(config, facts.environment);
  return [freezeRule(facts, modes.freeze), recordsRule(facts, config, modes.records), promotionRule(facts, modes.promotion), riskFlagRule(facts, config, modes.riskFlags)];
}

function freezeRule(facts: GateFacts, mode: GateMode): RuleResult {
  if (!facts.freeze) return result('freeze', mode, { reasons: [], commits: [] });
  // Only an override given for this deployment lets it through: one a change record of its commits
  // carries, or the gate's own record of an override for deploying this very commit (a re-run).
  // A change made outside git was let through a freeze for itself, and the gate's record for
  // another commit was about a deployment that may never have happened: neither speaks for this one.
  const ownOverride = deploymentOverrideTitle(facts.target, facts.environment);
  const forThis = (r: ChangeRecord) => r.origin !== 'manual' || r.title === ownOverride;
  const recorded = facts.records.find((r) => r.freezeOverride?.reason.trim() && forThis(r))?.freezeOverride?.reason.trim();
  const override = facts.overrideReason?.trim() || recorded;
  if (override) return result('freeze', mode, { reasons: [], commits: [], overriddenBy: override });
  return result('freeze', mode, {
    reasons: [`${facts.environment} is in a freeze window: ${facts.freeze.reason}${facts.freeze.until ? ` (until ${facts.freeze.until.toISOString()})` : ''}`],
    commits: facts.commits.map((c) => c.sha),
    fix: 'wait for the window to end, or pass --override-reason "<why this cannot wait>" (it is recorded in the change log)',
  });
}

/**
 * The records naming each commit: by the full sha, or by an abbreviated one (at least seven
 * characters) that the commit's sha starts with. One pass over the records, so the rule stays linear
 * in a first deployment's tens of thousands of commits (a scan of every record per commit was quadratic).
 */
function recordsByCommit(records: readonly ChangeRecord[]): (sha: string) => ChangeRecord[] {
  const full = new Map<string, ChangeRecord[]>();
  const short = new Map<string, { prefix: string; record: ChangeRecord }[]>();
  const add = <V>(map: Map<string, V[]>, key: string, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const r of records) {
    for (const c of r.commits) {
      if (c.sha.length >= 40) add(full, c.sha, r);
      else if (c.sha.length >= 7) add(short, c.sha.slice(0, 7), { prefix: c.sha, record: r });
    }
  }
  return (sha) => [...new Set([...(full.get(sha) ?? []), ...(short.get(sha.slice(0, 7)) ?? []).filter((s) => sha.startsWith(s.prefix)).map((s) => s.record)])];
}

function recordsRule(facts: GateFacts, config: TeamConfig, mode: GateMode): RuleResult {
  const reasons: string[] = [];
  const commits: string[] = [];
  const recordsOf = recordsByCommit(facts.records);
  for (const commit of facts.commits) {
    const touched: TouchedSystem[] = systemsTouched(commit.files, config.systems);
    if (touched.length === 0) continue;
    const names = touched.map((s) => s.name).join(', ');
    const records = recordsOf(commit.sha);
    if (records.length === 0) {
      reasons.push(`${short(commit.sha)} "${commit.subject}" touches ${names} and has no change record`);
      commits.push(commit.sha);
    } else if (!records.some((r) => r.rollbackPlan.trim() !== '')) {
      reasons.push(`${short(commit.sha)} "${commit.subject}" touches ${names}; its change record has no rollback plan`);
      commits.push(commit.sha);
    }
  }
  return result('records', mode, { reasons, commits, fix: 'fill in the impact checklist for these commits (VS Code) or record them with `changetrail record`, with a rollback plan' });
}

function promotionRule(facts: GateFacts, mode: GateMode): RuleResult {
  const reasons: string[] = [];
  const commits = new Set<string>();
  for (const earlier of facts.undeployed) {
    if (earlier.shas.length === 0) continue;
    const list = earlier.shas.slice(0, 5).map(short).join(', ');
    const more = earlier.shas.length > 5 ? ` and ${earlier.shas.length - 5} more` : '';
    reasons.push(
      earlier.neverDeployed
        ? `nothing was ever recorded as deployed to ${earlier.environment}, which comes before ${facts.environment}`
        : `${earlier.shas.length} commit${earlier.shas.length === 1 ? '' : 's'} never went to ${earlier.environment}: ${list}${more}`,
    );
    for (const sha of earlier.shas) commits.add(sha);
  }
  const first = facts.undeployed.find((u) => u.shas.length > 0)?.environment ?? 'the earlier environment';
  return result('promotion', mode, { reasons, commits: [...commits], fix: `deploy this commit to ${first} first and record it (changetrail note --env ${first} --record)` });
}

function riskFlagRule(facts: GateFacts, config: TeamConfig, mode: GateMode): RuleResult {
  const blocking = new Set<string>(config.gate.blockOnRiskFlags);
  const reasons: string[] = [];
  const commits = new Set<string>();
  for (const record of facts.records) {
    for (const flag of record.riskFlags.filter((f) => blocking.has(f.id))) {
      reasons.push(`change record "${record.title}" (${record.id}) is flagged ${flag.id}: ${flag.message}`);
      for (const c of record.commits) commits.add(c.sha);
    }
  }
  return result('riskFlags', mode, { reasons, commits: [...commits], fix: 'deal with the flagged risk (e.g. deploy to staging first) and amend the change record, or change gate.blockOnRiskFlags' });
}
