import type * as z from 'zod/mini';

/** One thing wrong with a config file or a settings value, named precisely enough to fix. */
export interface ConfigProblem {
  /** Path of the file as shown to a person (relative to the repository when possible). */
  readonly file: string;
  /** Dotted field path such as `tickets.projects[0]`; absent when the file as a whole is wrong. */
  readonly field?: string;
  /** 1-based line, when known. */
  readonly line?: number;
  readonly message: string;
  /** A warning leaves the policy as written (e.g. a pattern other tools would run slowly); absent: an error. */
  readonly severity?: 'warning';
  /**
   * The file could not be read at all (an I/O error, nesting too deep to parse), so whether it is
   * valid cannot be told: `config check` answers "cannot tell" (exit 2), not "invalid" (exit 1).
   */
  readonly unreadable?: true;
}

/** Whether any problem means the file could not be read at all. */
export function isUnreadable(problems: readonly ConfigProblem[]): boolean {
  return problems.some((p) => p.unreadable === true);
}

/** Whether any problem is an error: the file, or a field of it, is not used as written. */
export function isBroken(problems: readonly ConfigProblem[]): boolean {
  return problems.some((p) => p.severity !== 'warning');
}

/** Formats a problem as one line: `file:line: field: message`. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  const message = problem.severity === 'warning' ? `warning: ${problem.message}` : problem.message;
  return problem.field ? `${where}: ${problem.field}: ${message}` : `${where}: ${message}`;
}

/** Renders a zod issue path as `a.b[0].c`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** Turns zod issues into problems for `file`, one per offending field, on its line when `lineOf` knows it. */
export function problemsFromIssues(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  lineOf: (path: readonly PropertyKey[]) => number | undefined = () => undefined,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (path: readonly PropertyKey[]) => {
    const line = lineOf(path);
    return line === undefined ? {} : { line };
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({ file, ...at(path), field: fieldPath(path), message: 'unknown key (remove it or check its spelling)' });
      }
    } else {
      problems.push({ file, ...at(issue.path), field: fieldPath(issue.path) || undefined, message: describeIssue(issue) });
    }
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const got = issue.input === undefined ? 'nothing' : Array.isArray(issue.input) ? 'array' : issue.input === null ? 'null' : typeof issue.input;
    return `expected ${issue.expected}, got ${got}`;
  }
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}
