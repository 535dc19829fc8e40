import type { Answer } from '../records/changeRecord';
import type { Question } from './questions';

/** A yes/no answer as stored: the value of a `yesNoEvidence` answer. */
export type YesNo = 'yes' | 'no';

// Answers that fill the box without saying anything: a rollback plan of "n/a" is no plan.
const PLACEHOLDER = /^(?:n\/?a|none|no|nope|nothing|tbd|todo|later|-+|\.+|\?+|x)$/i;

/** The yes/no of a `yesNoEvidence` answer, or undefined when it is neither. */
export function yesNoOf(answer: Answer | undefined): YesNo | undefined {
  const v = answer?.value.trim().toLowerCase();
  return v === 'yes' || v === 'no' ? v : undefined;
}

/** Whether `answer` has evidence worth the name (a link or a note). */
export function hasEvidence(answer: Answer | undefined): boolean {
  return (answer?.evidence ?? '').trim() !== '';
}

/** Whether `answer` fully answers `question`: text is non-blank; "yes" needs evidence, "no" stands alone. */
export function answerComplete(question: Pick<Question, 'kind'>, answer: Answer | undefined): boolean {
  if (question.kind === 'yesNoEvidence') {
    const yesNo = yesNoOf(answer);
    return yesNo === 'no' || (yesNo === 'yes' && hasEvidence(answer));
  }
  return (answer?.value ?? '').trim() !== '';
}

/** Whether `text` is blank or a placeholder such as "n/a", "none", "tbd" or "-". */
export function isPlaceholder(text: string | undefined): boolean {
  const t = (text ?? '').trim();
  return t === '' || PLACEHOLDER.test(t);
}
