import type * as z from 'zod/mini';

/** One thing wrong with a config file or a settings value, named precisely enough to fix. */
export interface ConfigProblem {
  /** Path of the file as shown to a person (relative to the repository when possible). */
  readonly file: string;
  /** Dotted field path such as `tickets.projects[0]`; absent when the file as a whole is wrong. */
  readonly field?: string;
  /** 1-based line, when known (JSON syntax errors). */
  readonly line?: number;
  readonly message: string;
}

/** Formats a problem as one line: `file:line: field: message`. */
export function formatProblem(problem: ConfigProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return problem.field ? `${where}: ${problem.field}: ${problem.message}` : `${where}: ${problem.message}`;
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

/** Turns zod issues into problems for `file`, one per offending field. */
export function problemsFromIssues(file: string, issues: readonly z.core.$ZodIssue[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ file, field: fieldPath([...issue.path, key]), message: 'unknown key (remove it or check its spelling)' });
      }
    } else {
      problems.push({ file, field: fieldPath(issue.path) || undefined, message: describeIssue(issue) });
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
