import { appendFileSync, readFileSync } from 'node:fs';
import { main } from '../main';
import { ActionInputError, type EventRead, actionSteps } from './githubAction';
import { escapeData, inertLines } from './workflowCommands';

// The GitHub Action's entry (action.yml: runs.using node20, main dist/action.js): runs the CLI's
// check, gate, note and digest as the inputs ask, in the checked-out workspace, writes the gate's
// decision, the note and the digest to the job summary, and marks a failed check or gate with an
// error annotation that says which it is: commits without a ticket (exit 1), or that it cannot
// tell and why (exit 2: an unreadable event, an event it does not know, a bad input, a range git
// cannot read). A gate that does not say go (exit 1 blocked, 2 cannot tell) stops the steps
// after it, so a refused deployment is never recorded or posted.

/** The payload at GITHUB_EVENT_PATH, or what is wrong with it (named with its path). */
function readEvent(path: string | undefined): EventRead {
  if (!path) return { problem: 'GITHUB_EVENT_PATH is not set' };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { problem: `${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  try {
    const payload: unknown = JSON.parse(text);
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return { problem: `${path} is not a JSON object` };
    return { payload: payload as Extract<EventRead, { payload: unknown }>['payload'] };
  } catch (error) {
    return { problem: `${path} is not valid JSON: ${(error as Error).message}` };
  }
}

/** A fenced block of `text` for the job summary: the fence is longer than any run of backticks in it, so no line can close it. */
function fenced(text: string): string {
  let longest = 2;
  for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/** A heading's text on one line: what would make a link, an image, HTML, code or emphasis is backslash-escaped. */
function markdownLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** What the check's error annotation says: commits without tickets (exit 1), or why it cannot tell (exit 2). */
function checkAnnotation(code: number, out: readonly string[], said: readonly string[]): string {
  if (code === 1) return out.find((l) => / name no ticket\.$/.test(l)) ?? 'commits without a ticket';
  const reason = said.find((l) => l.startsWith('changetrail: '))?.slice('changetrail: '.length) ?? said.find((l) => l.trim()) ?? `changetrail check exited ${code}`;
  return reason.startsWith('cannot tell') ? reason : `cannot tell: ${reason}`;
}

async function run(): Promise<number> {
  const env = process.env;
  const cwd = env.GITHUB_WORKSPACE || process.cwd();
  let worst = 0;
  let steps: ReturnType<typeof actionSteps>;
  try {
    steps = actionSteps(env, readEvent(env.GITHUB_EVENT_PATH));
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    process.stdout.write(`::error title=ChangeTrail::${escapeData(`cannot tell: ${error.message}`)}\n`);
    return 2;
  }
  for (const step of steps) {
    if (step.cannotTell) {
      process.stdout.write(`::error title=ChangeTrail::${escapeData(`cannot tell: ${step.cannotTell}`)}\n`);
      worst = Math.max(worst, 2);
      continue;
    }
    if (step.nothing) {
      process.stdout.write(`::notice title=ChangeTrail::${escapeData(step.nothing)}\n`);
      continue;
    }
    if (step.notice) process.stdout.write(`::notice title=ChangeTrail::${escapeData(step.notice)}\n`);
    const out: string[] = [];
    // The gate prints a refusal on stderr; the summary shows its decision either way.
    const said: string[] = [];
    // Inputs (an override reason, a name) are in the group's title: escaped like any command's message.
    process.stdout.write(`::group::${escapeData(`changetrail ${step.argv.join(' ')}`)}\n`);
    // What the CLI prints carries commit subjects and record text: never a workflow command.
    const code = await main(step.argv, {
      cwd,
      out: (text) => {
        const lines = text.split('\n');
        out.push(...lines);
        said.push(...lines);
        process.stdout.write(`${inertLines(text)}\n`);
      },
      err: (text) => {
        said.push(...text.split('\n'));
        process.stderr.write(`${inertLines(text)}\n`);
      },
    });
    process.stdout.write('::endgroup::\n');
    if (step.name === 'check' && code !== 0) process.stdout.write(`::error title=ChangeTrail::${escapeData(checkAnnotation(code, out, said))}\n`);
    if (step.name === 'gate') {
      const decision = said.find((l) => l.startsWith('ChangeTrail gate for ')) ?? said.find((l) => l.trim() && !l.startsWith('warning:')) ?? `changetrail gate exited ${code}`;
      if (code !== 0) process.stdout.write(`::error title=ChangeTrail gate::${escapeData(decision)}\n`);
      if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `### ${markdownLine(decision)}\n\n${fenced(said.join('\n'))}\n\n`);
    } else if (step.name !== 'check' && env.GITHUB_STEP_SUMMARY && out.length > 0) appendFileSync(env.GITHUB_STEP_SUMMARY, `${out.join('\n')}\n\n`);
    worst = Math.max(worst, code);
    if (step.name === 'gate' && code !== 0) {
      process.stdout.write(`The gate did not say go (exit ${code}): the steps after it did not run.\n`);
      break;
    }
  }
  return worst;
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stdout.write(`::error title=ChangeTrail::${escapeData(String(error))}\n`);
    process.exitCode = 70;
  },
);
