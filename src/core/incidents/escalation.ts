import type { EscalationLevel, EscalationLevelsPolicy } from '../config/escalationPolicySchema';
import type { SystemConfig } from '../config/teamConfigSchema';
import type { IncidentRecord } from '../records/changeRecord';

/** Why a problem may be made less urgent than its impact says; every part must hold. */
export interface LowerRequest {
  /** The problem is contained: it is not spreading to other systems or customers. */
  readonly contained: boolean;
  /** The problem is mitigated (a workaround, a flag off, traffic moved). */
  readonly mitigated: boolean;
  /** The person's reason, written out; kept in the incident. */
  readonly reason: string;
}

/** What the level of an incident is worked out from. */
export interface LevelInput {
  readonly impact: IncidentRecord['impact'];
  /** System names as the incident lists them; matched to the team's systems case-insensitively. */
  readonly systems: readonly string[];
  readonly policy: EscalationLevelsPolicy;
  readonly teamSystems: readonly Pick<SystemConfig, 'name' | 'criticality' | 'impact'>[];
  readonly lower?: LowerRequest;
}

/** A suggested level, with who to tell and the one line that explains it. */
export interface LevelSuggestion {
  readonly level: number;
  readonly definition: EscalationLevel;
  /** One line: the impact, what raised or lowered it, and the result. */
  readonly reason: string;
  /** Set when a request to lower was refused, saying which condition failed. */
  readonly lowerRefused?: string;
}

/**
 * The level an incident should have: the customer impact sets the start (`byImpact`), a critical
 * system or one flagged billing, SLA or compliance makes it one level more urgent, and a
 * contained, mitigated problem that customers do not see may be made one level less urgent, with
 * a written reason. Levels missing from the matrix resolve to the nearest defined one.
 */
export function suggestLevel(input: LevelInput): LevelSuggestion {
  const { policy } = input;
  const levels = [...policy.levels].sort((a, b) => a.level - b.level);
  const parts: string[] = [`${input.impact === 'none' ? 'no customer impact' : `customer impact: ${input.impact}`} starts at level ${policy.byImpact[input.impact]}`];
  let level = policy.byImpact[input.impact];
  const raisers = businessImpact(input.systems, input.teamSystems, policy.raiseFor);
  if (raisers.length > 0) {
    level -= 1;
    parts.push(`raised one level for ${raisers.join(', ')}`);
  }
  let lowerRefused: string | undefined;
  if (input.lower) {
    lowerRefused = whyNotLower(input.impact, input.lower);
    if (lowerRefused === undefined) {
      level += 1;
      parts.push(`lowered one level: ${oneLine(input.lower.reason)}`);
    } else parts.push(`not lowered (${lowerRefused})`);
  }
  const definition = nearestLevel(levels, level);
  if (definition.level !== level) parts.push(`level ${level} is not in the matrix, so ${level < definition.level ? 'the most' : 'the least'} urgent level applies`);
  return { level: definition.level, definition, reason: `Level ${definition.level} (${definition.name}): ${parts.join('; ')}.`, ...(lowerRefused ? { lowerRefused } : {}) };
}

/** The systems (with why) that make an incident more urgent under `raiseFor`. */
export function businessImpact(names: readonly string[], teamSystems: LevelInput['teamSystems'], raiseFor: EscalationLevelsPolicy['raiseFor']): string[] {
  const out: string[] = [];
  for (const name of names) {
    const system = teamSystems.find((s) => s.name.trim().toLowerCase() === name.trim().toLowerCase());
    if (!system) continue;
    const why = [
      ...(raiseFor.includes('critical') && system.criticality === 'critical' ? ['critical system'] : []),
      ...(system.impact ?? []).filter((flag) => raiseFor.includes(flag)).map((flag) => (flag === 'sla' ? 'SLA' : flag)),
    ];
    if (why.length > 0) out.push(`${system.name} (${why.join(', ')})`);
  }
  return out;
}

/** Why a request to lower the level does not hold, or undefined when it does. */
export function whyNotLower(impact: IncidentRecord['impact'], lower: LowerRequest): string | undefined {
  const missing = [
    ...(impact !== 'none' ? [`customers see it (impact ${impact})`] : []),
    ...(!lower.contained ? ['it is not contained'] : []),
    ...(!lower.mitigated ? ['it is not mitigated'] : []),
    ...(lower.reason.trim() === '' ? ['no reason was written'] : []),
  ];
  return missing.length > 0 ? missing.join(', ') : undefined;
}

/** The defined level closest to `level` (more urgent when between two); the matrix is never empty. */
export function nearestLevel(levels: readonly EscalationLevel[], level: number): EscalationLevel {
  let best = levels[0];
  for (const l of levels) if (Math.abs(l.level - level) < Math.abs(best.level - level)) best = l;
  return best;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

/** Why `level` is not one of the team's levels (1 to the number defined), or undefined when it is. */
export function levelProblem(level: number, policy: EscalationLevelsPolicy): string | undefined {
  const count = policy.levels.length;
  return Number.isInteger(level) && level >= 1 && level <= count ? undefined : `--level ${level} is not one of the team's levels: escalationLevels defines ${count === 1 ? 'level 1 only' : `levels 1-${count}`}`;
}
