import type { Answer, RiskFlag } from '../records/changeRecord';
import { answerComplete, hasEvidence, isPlaceholder, yesNoOf } from './answers';
import { type ChecklistAction, type ChecklistState, applyPrefill, initialChecklistState, mergeSystems, prefillAnswers } from './checklistState';
import { QUESTION_IDS, type Question } from './questions';

/** How far a draft is: answered questions, required ones, and which required ones are still open. */
export interface ChecklistProgress {
  readonly answered: number;
  readonly total: number;
  readonly required: number;
  readonly missingRequired: readonly string[];
  readonly complete: boolean;
}

/** Why a draft cannot be submitted yet; `field` is a question id, `environment` or `freezeOverrideReason`. */
export interface ChecklistProblem {
  readonly field: string;
  readonly message: string;
}

function withAnswer(answers: Readonly<Record<string, Answer>>, id: string, answer: Answer): Record<string, Answer> {
  const next = { ...answers };
  // An empty answer is no answer: dropping it keeps records and progress honest.
  if (answer.value === '' && answer.evidence === undefined) delete next[id];
  else next[id] = answer;
  return next;
}

/** The next draft after `action`; never mutates `state`. */
export function checklistReducer(state: ChecklistState, action: ChecklistAction): ChecklistState {
  switch (action.type) {
    case 'setAnswer': {
      const evidence = state.answers[action.id]?.evidence;
      return { ...state, answers: withAnswer(state.answers, action.id, evidence !== undefined ? { value: action.value, evidence } : { value: action.value }) };
    }
    case 'setEvidence': {
      const value = state.answers[action.id]?.value ?? '';
      return { ...state, answers: withAnswer(state.answers, action.id, action.evidence === '' ? { value } : { value, evidence: action.evidence }) };
    }
    case 'setEnvironment':
      return { ...state, environment: action.environment.trim() };
    case 'setOverrideReason': {
      const { freezeOverrideReason: _dropped, ...rest } = state;
      return action.reason.trim() === '' ? rest : { ...rest, freezeOverrideReason: action.reason };
    }
    case 'setTouchedSystems': {
      const origin = state.prefilledFrom;
      if (!origin) return { ...state, touchedSystems: [...action.systems] };
      // The prefilled answers follow the edited list, unless the person has typed over them.
      const next = prefillAnswers(action.systems, origin.escalation);
      return {
        ...state,
        touchedSystems: [...action.systems],
        answers: applyPrefill(state.answers, origin.answers, next),
        prefilledFrom: { ...origin, answers: next },
      };
    }
    case 'prefill': {
      const origin = state.prefilledFrom;
      const systems = mergeSystems(state.touchedSystems, origin?.systems ?? [], action.systems);
      const next = prefillAnswers(systems, action.escalation);
      return {
        ...state,
        touchedSystems: systems,
        answers: applyPrefill(state.answers, origin?.answers ?? {}, next),
        prefilledFrom: { paths: [...action.paths], systems: [...action.systems], escalation: action.escalation, answers: next },
      };
    }
    case 'reset': {
      // Starting over keeps where the change goes and what the changed paths say; it drops what was typed.
      const origin = state.prefilledFrom;
      const fresh = initialChecklistState(state.environment);
      if (!origin) return fresh;
      const answers = prefillAnswers(origin.systems, origin.escalation);
      return {
        ...fresh,
        touchedSystems: [...origin.systems],
        answers: Object.fromEntries(Object.entries(answers).map(([id, value]) => [id, { value }])),
        prefilledFrom: { ...origin, answers },
      };
    }
  }
}

/** How much of `questions` the draft answers; a "yes" without evidence or an "n/a" rollback counts as unanswered. */
export function progress(state: ChecklistState, questions: readonly Question[]): ChecklistProgress {
  const answered = questions.filter((q) => isAnswered(q, state.answers[q.id])).length;
  const required = questions.filter((q) => q.required);
  const missingRequired = required.filter((q) => !isAnswered(q, state.answers[q.id])).map((q) => q.id);
  return { answered, total: questions.length, required: required.length, missingRequired, complete: missingRequired.length === 0 };
}

function isAnswered(question: Question, answer: Answer | undefined): boolean {
  // "n/a" is no rollback plan, however politely typed.
  if (question.id === QUESTION_IDS.rollback && question.kind === 'text') return !isPlaceholder(answer?.value);
  return answerComplete(question, answer);
}

/** What stops the draft from becoming a change record, in question order, each with a message for the person. */
export function validateForSubmit(state: ChecklistState, questions: readonly Question[], flags: readonly RiskFlag[]): ChecklistProblem[] {
  const problems: ChecklistProblem[] = [];
  if (state.environment.trim() === '') problems.push({ field: 'environment', message: 'Choose the environment the change goes to.' });
  for (const q of questions) {
    const answer = state.answers[q.id];
    const saysYesWithoutEvidence = q.kind === 'yesNoEvidence' && yesNoOf(answer) === 'yes' && !hasEvidence(answer);
    if (saysYesWithoutEvidence) {
      problems.push({ field: q.id, message: `"${q.text}": add the evidence (a link or a note), or answer no.` });
    } else if (q.required && !isAnswered(q, answer)) {
      problems.push({ field: q.id, message: missingMessage(q) });
    }
  }
  const freeze = flags.find((f) => f.id === 'freezeWindow');
  if (freeze && (state.freezeOverrideReason ?? '').trim() === '') {
    problems.push({ field: 'freezeOverrideReason', message: `${freeze.message}: give a reason to override the freeze, or wait until it ends.` });
  }
  return problems;
}

function missingMessage(q: Question): string {
  if (q.id === QUESTION_IDS.rollback) return "Write down how to roll back. If you can't write down a rollback, don't make the change.";
  if (q.kind === 'yesNoEvidence') return `"${q.text}": answer yes (with evidence) or no.`;
  return `"${q.text}" needs an answer.`;
}
