import type { RiskFlag } from '../records/changeRecord';
import { hasEvidence, isPlaceholder, yesNoOf } from './answers';
import type { ChecklistState } from './checklistState';
import { type FreezeHit, type FreezePolicy, freezeAt } from './freezeWindow';
import { QUESTION_IDS, type Question } from './questions';
import type { TouchedSystem } from './systemsForPaths';

/** What the risk flags of a change are computed from. */
export interface RiskInput {
  readonly state: ChecklistState;
  readonly questions: readonly Question[];
  /** Where the change goes; default the draft's environment. */
  readonly environment?: string;
  /** The team's environments in promotion order; tells which ones come after staging. */
  readonly environments?: readonly string[];
  readonly now: Date;
  readonly freeze: FreezePolicy;
  /** The zone for freeze windows when the policy names none; default the local zone. */
  readonly timeZone?: string;
  /** Default the draft's (possibly edited) systems. */
  readonly touchedSystems?: readonly TouchedSystem[];
  /** Lines added plus removed; unknown means no largeDiff flag. */
  readonly diffLines?: number;
  readonly largeDiffLines: number;
}

const STAGING = 'staging';

/**
 * The risk flags of a change, in a fixed order, worded for the support person reading the record.
 * A freeze flag stays when an override reason is given: the record keeps both.
 */
export function computeRiskFlags(input: RiskInput): RiskFlag[] {
  const environment = (input.environment ?? input.state.environment).trim();
  const systems = input.touchedSystems ?? input.state.touchedSystems;
  const flags: RiskFlag[] = [];

  const hit = freezeAt(input.now, input.freeze, environment, input.timeZone);
  if (hit) flags.push({ id: 'freezeWindow', severity: 'danger', message: freezeMessage(environment, hit) });

  const rollback = input.state.answers[QUESTION_IDS.rollback]?.value;
  if (isPlaceholder(rollback)) {
    const said = (rollback ?? '').trim();
    const message = said === '' ? 'No rollback plan written down' : `No real rollback plan (the answer is "${said}")`;
    flags.push({ id: 'noRollback', severity: 'danger', message: `${message}: if this change fails, support has no way back` });
  }

  const staging = stagingMessage(input, environment);
  if (staging) flags.push({ id: 'notTestedInStaging', severity: 'warning', message: staging });

  const critical = systems.filter((s) => s.criticality === 'critical');
  if (critical.length > 0) {
    const names = critical.map((s) => (s.owner ? `${s.name} (owner ${s.owner})` : s.name)).join(', ');
    flags.push({ id: 'criticalSystem', severity: 'warning', message: `Touches ${critical.length === 1 ? 'a critical system' : 'critical systems'}: ${names}` });
  }

  const thirdParty = systems.filter((s) => s.thirdParty);
  if (thirdParty.length > 0) {
    const what = thirdParty.length === 1 ? 'a third-party integration' : 'third-party integrations';
    flags.push({ id: 'thirdParty', severity: 'warning', message: `Touches ${what}: ${thirdParty.map((s) => s.name).join(', ')}` });
  }

  if (input.diffLines !== undefined && input.diffLines >= input.largeDiffLines) {
    const lines = input.diffLines.toLocaleString('en-US');
    const limit = input.largeDiffLines.toLocaleString('en-US');
    flags.push({ id: 'largeDiff', severity: 'warning', message: `Large change: ${lines} changed lines (the team flags ${limit} or more), harder to review and to roll back` });
  }
  return flags;
}

function changeTo(environment: string): string {
  return environment.toLowerCase() === 'production' ? 'Production change' : `Change to ${environment}`;
}

function freezeMessage(environment: string, hit: FreezeHit): string {
  if (hit.kind === 'weekly') return `${changeTo(environment)} inside the freeze window (${hit.window}, ${hit.timeZone})`;
  const what = `${changeTo(environment)} inside a freeze period`;
  return hit.label ? `${what}: ${hit.label} (${hit.window}, ${hit.timeZone})` : `${what} (${hit.window}, ${hit.timeZone})`;
}

/** Whether `environment` comes after staging; without a promotion order, anything but staging itself does. */
function comesAfterStaging(environment: string, environments: readonly string[] | undefined): boolean {
  const target = environment.toLowerCase();
  if (target === STAGING) return false;
  const order = (environments ?? []).map((e) => e.toLowerCase());
  const staging = order.indexOf(STAGING);
  const at = order.indexOf(target);
  return staging < 0 || at < 0 || at > staging;
}

function stagingMessage(input: RiskInput, environment: string): string | undefined {
  if (!comesAfterStaging(environment, input.environments)) return undefined;
  const question = input.questions.find((q) => q.id === QUESTION_IDS.staging);
  const answer = input.state.answers[QUESTION_IDS.staging];
  const yesNo = yesNoOf(answer);
  if (yesNo === 'no') return 'Not tested in staging';
  if ((question?.kind ?? 'yesNoEvidence') === 'text') {
    return (answer?.value ?? '').trim() === '' ? 'Not stated whether it was tested in staging' : undefined;
  }
  if (yesNo === 'yes') return hasEvidence(answer) ? undefined : 'Said to be tested in staging, but no evidence given';
  return 'Not stated whether it was tested in staging';
}
