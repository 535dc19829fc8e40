import type { TeamConfig } from '../config/teamConfigSchema';

/** How a question is answered: free text, or yes/no plus evidence. */
export type QuestionKind = 'text' | 'yesNoEvidence';

/** Which answers ChangeTrail fills in from the changed paths. */
export type PrefillSource = 'systems' | 'escalation';

/** One question of the impact checklist, after the team's additions and overrides. */
export interface Question {
  readonly id: string;
  readonly text: string;
  readonly help: string;
  readonly required: boolean;
  readonly kind: QuestionKind;
  /** Set on built-in questions whose answer is prefilled; a team override keeps it. */
  readonly prefill?: PrefillSource;
  readonly builtIn: boolean;
}

/** Ids of the built-in questions, for code that reads particular answers. */
export const QUESTION_IDS = {
  problem: 'problem',
  verification: 'verification',
  touches: 'touches',
  staging: 'staging',
  rollback: 'rollback',
  notify: 'notify',
  escalation: 'escalation',
  supportUpdates: 'supportUpdates',
} as const;

/** The questions every change answers unless the team adjusts them. */
export const BUILT_IN_QUESTIONS: readonly Question[] = [
  {
    id: QUESTION_IDS.problem,
    text: 'What problem are we solving?',
    help: 'The symptom or the need, in a sentence or two, in words support can repeat to a customer.',
    required: true,
    kind: 'text',
    builtIn: true,
  },
  {
    id: QUESTION_IDS.verification,
    text: 'How will we know it is fixed?',
    help: 'What you will check after release: a metric, a log line, a screen, a customer report that stops.',
    required: true,
    kind: 'text',
    builtIn: true,
  },
  {
    id: QUESTION_IDS.touches,
    text: 'What does it touch: systems, adjacent systems, third-party integrations?',
    help: 'Prefilled from the systems the changed files belong to. Add adjacent systems and integrations that could feel it.',
    required: false,
    kind: 'text',
    prefill: 'systems',
    builtIn: true,
  },
  {
    id: QUESTION_IDS.staging,
    text: 'Has it been tested in staging?',
    help: 'Yes with evidence (a link to the run or build, or a note of what you checked), or no.',
    required: false,
    kind: 'yesNoEvidence',
    builtIn: true,
  },
  {
    id: QUESTION_IDS.rollback,
    text: 'What happens if it fails? How do we roll back?',
    help: "If you can't write down a rollback, don't make the change. Name the steps: revert and redeploy, a feature flag, a data fix.",
    required: true,
    kind: 'text',
    builtIn: true,
  },
  {
    id: QUESTION_IDS.notify,
    text: 'Who needs to know?',
    help: 'Support, on-call, other teams that depend on this, customers.',
    required: false,
    kind: 'text',
    builtIn: true,
  },
  {
    id: QUESTION_IDS.escalation,
    text: 'Who owns escalation?',
    help: "Prefilled from the team's escalation matrix for the most critical system touched.",
    required: false,
    kind: 'text',
    prefill: 'escalation',
    builtIn: true,
  },
  {
    id: QUESTION_IDS.supportUpdates,
    text: 'Which support scripts, FAQs or alerting rules need an update?',
    help: 'Runbooks, support scripts, FAQs or alert rules that must change with this. "None" is a fine answer.',
    required: false,
    kind: 'text',
    builtIn: true,
  },
];

/** Something in the team's checklist config that was ignored or patched, for a person to fix. */
export interface ChecklistConfigProblem {
  readonly kind: 'unknownOrderId' | 'duplicateOrderId' | 'missingText';
  readonly id: string;
  readonly message: string;
}

/** The final question list plus what in the config could not be applied. */
export interface ResolvedQuestions {
  readonly questions: readonly Question[];
  readonly problems: readonly ChecklistConfigProblem[];
}

/** Merges the team's question additions and overrides into the built-in list and applies `order`. */
export function resolveQuestions(config: Pick<TeamConfig, 'checklist'>): ResolvedQuestions {
  const problems: ChecklistConfigProblem[] = [];
  const byId = new Map<string, Question>(BUILT_IN_QUESTIONS.map((q) => [q.id, q]));
  for (const team of config.checklist.questions) {
    const base = byId.get(team.id);
    if (base) {
      byId.set(team.id, {
        ...base,
        text: team.text ?? base.text,
        help: team.help ?? base.help,
        required: team.required ?? base.required,
        kind: team.kind ?? base.kind,
      });
      continue;
    }
    if (team.text === undefined) {
      // Asking the id itself beats dropping a question the team meant to add.
      problems.push({ kind: 'missingText', id: team.id, message: `checklist question "${team.id}" has no text; its id is shown instead` });
    }
    byId.set(team.id, {
      id: team.id,
      text: team.text ?? team.id,
      help: team.help ?? '',
      required: team.required ?? false,
      kind: team.kind ?? 'text',
      builtIn: false,
    });
  }

  const ordered: Question[] = [];
  const placed = new Set<string>();
  for (const id of config.checklist.order ?? []) {
    const question = byId.get(id);
    if (!question) {
      problems.push({ kind: 'unknownOrderId', id, message: `checklist.order names "${id}", which is no question; ignored` });
    } else if (placed.has(id)) {
      problems.push({ kind: 'duplicateOrderId', id, message: `checklist.order names "${id}" twice; the first place counts` });
    } else {
      ordered.push(question);
      placed.add(id);
    }
  }
  // Map iteration keeps insertion order: built-ins first, then team additions as listed.
  for (const question of byId.values()) {
    if (!placed.has(question.id)) ordered.push(question);
  }
  return { questions: ordered, problems };
}
