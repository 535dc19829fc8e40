/**
 * Text the GitHub Action prints to the runner, made inert. The runner reads every line of a step's
 * stdout and stderr for workflow commands: `::name::` at the start of a line once leading white
 * space is trimmed, and the legacy `##[name]` anywhere in a line (actions/runner,
 * src/Runner.Worker/ActionCommand.cs, TryParseV2 and TryParse). What the CLI prints carries commit
 * subjects, record titles, override reasons and branch names, so a record titled
 * "x\n::add-mask::production" or a subject "##[error]..." would otherwise raise annotations, set
 * outputs or hide text. See
 * https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/workflow-commands-for-github-actions
 */

// U+2060 WORD JOINER: invisible, and not white space to .NET's TrimStart or to JavaScript's trimStart.
// (.NET's white space also has U+0085, which JavaScript's \s has not.)
const JOINER = '\u2060';

/** Every line of `text` with no workflow command left in it: `::` at a line's start and `##[` anywhere get an invisible joiner between their characters. */
export function inertLines(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/^([\s\u0085]*):(?=:)/, `$1:${JOINER}`).replace(/##\[/g, `#${JOINER}#[`))
    .join('\n');
}

/** A workflow command's message: %, CR and LF escaped, so a message cannot end the command or start another. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
