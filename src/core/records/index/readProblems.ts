import type { LogProblem } from '../changeLogReader';
import type { ChangeLogIndex } from './changeLogIndex';

/**
 * Every line of the log an answer may be missing: the lines that could not be read, and an
 * unfinished last line (a record saved without its newline is left for the next read, as a write
 * in progress is; where nothing is writing, in a pipeline or a posted note, it is a record left out).
 */
export function readProblems(index: Pick<ChangeLogIndex, 'problems' | 'unfinishedLine'>): LogProblem[] {
  const unfinished = index.unfinishedLine?.();
  return [...index.problems(), ...(unfinished === undefined ? [] : [{ line: unfinished, message: 'an unfinished last line (no newline at its end): saved by hand without one, or a write in progress' }])];
}
