import type { TeamConfig } from '../config/teamConfigSchema';
import type { Answer } from '../records/changeRecord';
import { QUESTION_IDS } from './questions';
import { type EscalationMatrix, type TouchedSystem, describeSystems, escalationFor, systemsTouched } from './systemsForPaths';

/** What ChangeTrail filled in from the changed paths, kept so later prefills can tell typed answers from its own. */
export interface PrefillOrigin {
  readonly paths: readonly string[];
  /** The systems the paths mapped to, before any edit by the person. */
  readonly systems: readonly TouchedSystem[];
  readonly escalation: EscalationMatrix;
  /** The answer values ChangeTrail wrote last, by question id. */
  readonly answers: Readonly<Record<string, string>>;
}

/** The checklist draft of one change: plain data, so the webview can hold it and the host can persist it. */
export interface ChecklistState {
  readonly answers: Readonly<Record<string, Answer>>;
  readonly environment: string;
  readonly freezeOverrideReason?: string;
  readonly touchedSystems: readonly TouchedSystem[];
  readonly prefilledFrom?: PrefillOrigin;
}

/** Everything that changes a checklist draft. */
export type ChecklistAction =
  | { readonly type: 'setAnswer'; readonly id: string; readonly value: string }
  | { readonly type: 'setEvidence'; readonly id: string; readonly evidence: string }
  | { readonly type: 'setEnvironment'; readonly environment: string }
  | { readonly type: 'setOverrideReason'; readonly reason: string }
  | { readonly type: 'setTouchedSystems'; readonly systems: readonly TouchedSystem[] }
  | {
      readonly type: 'prefill';
      readonly paths: readonly string[];
      readonly systems: readonly TouchedSystem[];
      readonly escalation: EscalationMatrix;
    }
  | { readonly type: 'reset' };

/** An empty draft for a change going to `environment`. */
export function initialChecklistState(environment = 'production'): ChecklistState {
  return { answers: {}, environment, touchedSystems: [] };
}

/** The `prefill` action for the changed `paths` under the team's systems and escalation matrix. */
export function prefillAction(paths: readonly string[], config: Pick<TeamConfig, 'systems' | 'escalation'>): ChecklistAction {
  return { type: 'prefill', paths: [...paths], systems: systemsTouched(paths, config.systems), escalation: config.escalation };
}

/** The answers ChangeTrail would write for `systems`: what they are and who owns escalation. */
export function prefillAnswers(systems: readonly TouchedSystem[], matrix: EscalationMatrix): Record<string, string> {
  const answers: Record<string, string> = {};
  if (systems.length > 0) answers[QUESTION_IDS.touches] = describeSystems(systems);
  const escalation = escalationFor(systems, matrix);
  if (escalation) answers[QUESTION_IDS.escalation] = escalation.owner;
  return answers;
}

/**
 * The person's system list carried over to a new detection: systems the old detection added and
 * the new one does not are dropped, newly detected ones are added, and what the person removed
 * or added by hand stays that way. Detected entries are refreshed (their paths change).
 */
export function mergeSystems(
  current: readonly TouchedSystem[],
  previous: readonly TouchedSystem[],
  detected: readonly TouchedSystem[],
): TouchedSystem[] {
  const before = new Set(previous.map((s) => s.name));
  const now = new Map(detected.map((s) => [s.name, s]));
  const merged: TouchedSystem[] = [];
  for (const s of current) {
    if (before.has(s.name) && !now.has(s.name)) continue;
    merged.push(now.get(s.name) ?? s);
  }
  for (const s of detected) {
    if (!before.has(s.name) && !merged.some((m) => m.name === s.name)) merged.push(s);
  }
  return merged;
}

/**
 * Writes the prefilled `next` values into `answers` where the person has not typed: an answer is
 * theirs when it is non-blank and differs from what ChangeTrail wrote last (`previous`).
 */
export function applyPrefill(
  answers: Readonly<Record<string, Answer>>,
  previous: Readonly<Record<string, string>>,
  next: Readonly<Record<string, string>>,
): Record<string, Answer> {
  const result: Record<string, Answer> = { ...answers };
  for (const id of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    const current = answers[id]?.value ?? '';
    const typed = current.trim() !== '' && current !== previous[id];
    if (typed) continue;
    const value = next[id];
    const evidence = answers[id]?.evidence;
    if (value !== undefined) result[id] = evidence !== undefined ? { value, evidence } : { value };
    else if (evidence !== undefined) result[id] = { value: '', evidence };
    else delete result[id];
  }
  return result;
}
