import { appendFileSync, readFileSync } from 'node:fs';
import { main } from '../main';
import { actionSteps } from './githubAction';

// The GitHub Action's entry (action.yml: runs.using node20, main dist/action.js): runs the CLI's
// check, gate, note and digest as the inputs ask, in the checked-out workspace, writes the gate's
// decision, the note and the digest to the job summary, and marks a failed check or gate with an
// error annotation. A gate that does not say go (exit 1 blocked, 2 cannot tell) stops the steps
// after it, so a refused deployment is never recorded or posted.

function readEvent(path: string | undefined): Parameters<typeof actionSteps>[1] {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Parameters<typeof actionSteps>[1];
  } catch {
    return undefined;
  }
}

async function run(): Promise<number> {
  const env = process.env;
  const cwd = env.GITHUB_WORKSPACE || process.cwd();
  let worst = 0;
  for (const step of actionSteps(env, readEvent(env.GITHUB_EVENT_PATH))) {
    const out: string[] = [];
    // The gate prints a refusal on stderr; the summary shows its decision either way.
    const said: string[] = [];
    process.stdout.write(`::group::changetrail ${step.argv.join(' ')}\n`);
    const code = await main(step.argv, {
      cwd,
      out: (line) => {
        out.push(line);
        said.push(line);
        process.stdout.write(`${line}\n`);
      },
      err: (line) => {
        said.push(line);
        process.stderr.write(`${line}\n`);
      },
    });
    process.stdout.write('::endgroup::\n');
    if (step.name === 'check' && code !== 0) process.stdout.write(`::error title=ChangeTrail::${out.find((l) => l.trim()) ?? 'commits without a ticket'}\n`);
    if (step.name === 'gate') {
      const decision = said.find((l) => l.startsWith('ChangeTrail gate for ')) ?? said.find((l) => l.trim() && !l.startsWith('warning:')) ?? `changetrail gate exited ${code}`;
      if (code !== 0) process.stdout.write(`::error title=ChangeTrail gate::${decision}\n`);
      if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `### ${decision}\n\n\`\`\`text\n${said.join('\n')}\n\`\`\`\n\n`);
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
    process.stdout.write(`::error title=ChangeTrail::${String(error)}\n`);
    process.exitCode = 70;
  },
);
