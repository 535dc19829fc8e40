import type { MessageFormat } from '../../../../src/core/tickets/commitMessage';

// Inputs shared by the commit message, branch name and addition tables (messageTable.*.test.ts):
// git's cleanup modes, the template and scissors lines git writes, project keys, a custom pattern.

export const strip: MessageFormat = { commentChar: '#', cleanup: 'strip' };
export const whitespace: MessageFormat = { commentChar: '#', cleanup: 'whitespace' };
export const verbatim: MessageFormat = { commentChar: '#', cleanup: 'verbatim' };
export const scissors: MessageFormat = { commentChar: '#', cleanup: 'scissors' };
export const semicolon: MessageFormat = { commentChar: ';', cleanup: 'strip' };
export const auto: MessageFormat = { commentChar: 'auto', cleanup: 'strip' };

export const CUT = '------------------------ >8 ------------------------';
export const SCISSORS = `# ${CUT}`;
// What git puts in COMMIT_EDITMSG for `git commit` with the default cleanup.
export const TEMPLATE = [
  '',
  '# Please enter the commit message for your changes. Lines starting',
  "# with '#' will be ignored, and an empty message aborts the commit.",
  '#',
  '# On branch feature/PROJ-5-login',
  '',
].join('\n');
export const VERBOSE_TAIL = [SCISSORS, '# Do not modify or remove the line above.', '# Everything below it will be ignored.', 'diff --git a/x.ts b/x.ts', '+// PROJ-9 follow-up'].join('\n');

export const PROJ = ['PROJ', 'OPS'];
export const INC = '\\b(INC\\d{7})\\b';

/** A short, one-line rendering of a test input for the test title. */
export function show(text: string): string {
  const json = JSON.stringify(text);
  return json.length <= 70 ? json : `${json.slice(0, 40)}…${json.slice(-20)} (${text.length} chars)`;
}
