import type { GateRange } from './gateFacts';
import type { RuleResult } from './gateRules';

/** The gate's answer: go (0), blocked (1) or cannot tell (2), with every rule's verdict. */
export interface GateDecision {
  readonly schema: 'changetrail/gate';
  readonly environment: string;
  readonly ref: string;
  readonly decision: 'go' | 'blocked' | 'cannot tell';
  readonly exitCode: 0 | 1 | 2;
  readonly range?: GateRange & { readonly commits: readonly { readonly sha: string; readonly subject: string }[] };
  readonly rules: readonly RuleResult[];
  /** The override that let a freeze through, and the record it was written to. */
  readonly override?: { readonly reason: string; readonly recordId?: string };
  /** For "cannot tell": what is wrong and how to fix it. */
  readonly error?: { readonly message: string; readonly fix: string };
}

/** The decision from the rule results: any block blocks; warnings go. */
export function decide(rules: readonly RuleResult[]): { decision: 'go' | 'blocked'; exitCode: 0 | 1 } {
  return rules.some((r) => r.verdict === 'block') ? { decision: 'blocked', exitCode: 1 } : { decision: 'go', exitCode: 0 };
}

const MARK: Record<RuleResult['verdict'], string> = { pass: 'ok  ', warn: 'WARN', block: 'FAIL', off: 'off ' };
const RULE_NAMES: Record<RuleResult['rule'], string> = {
  freeze: 'freeze window',
  records: 'change records and rollback plans',
  promotion: 'earlier environments first',
  riskFlags: 'blocking risk flags',
};

// Reasons quote record titles and override reasons, which may hold line breaks: one line each, so
// no quoted text starts a line of the pipeline log of its own.
const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The decision for a person reading the pipeline log. */
export function renderGateText(d: GateDecision): string {
  const head = `ChangeTrail gate for ${flat(d.environment)} (${flat(d.ref)}): ${d.decision.toUpperCase()}`;
  if (d.error) return [head, `  ${flat(d.error.message)}`, `  fix: ${d.error.fix}`].join('\n');
  const range = d.range;
  const lines = [head];
  if (range) {
    const from = range.from ? `since ${range.basisLabel ?? range.from.slice(0, 7)}` : 'first deployment: everything reachable';
    lines.push(`  ${range.commits.length} commit${range.commits.length === 1 ? '' : 's'} would go live (${from})`);
  }
  for (const r of d.rules) {
    const extra = r.overriddenBy ? ` (overridden: ${flat(r.overriddenBy)})` : '';
    lines.push(`  [${MARK[r.verdict]}] ${RULE_NAMES[r.rule]}${r.mode === 'off' ? '' : ` (${r.mode})`}${extra}`);
    for (const reason of r.reasons) lines.push(`         ${flat(reason)}`);
    if (r.fix) lines.push(`         fix: ${r.fix}`);
  }
  if (d.override?.recordId) lines.push(`  The freeze override was recorded in the change log as ${d.override.recordId}.`);
  return lines.join('\n');
}
