import { appendFileSync, readFileSync } from 'node:fs';
import { main } from '../main';
import { actionSteps } from './githubAction';

// The GitHub Action's entry (action.yml: runs.using node20, main dist/action.js): runs the CLI's
// check, note and digest as the inputs ask, in the checked-out workspace, writes the note and
// the digest to the job summary, and marks a failed check with an error annotation.

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
    process.stdout.write(`::group::changetrail ${step.argv.join(' ')}\n`);
    const code = await main(step.argv, {
      cwd,
      out: (line) => {
        out.push(line);
        process.stdout.write(`${line}\n`);
      },
      err: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write('::endgroup::\n');
    if (step.name === 'check' && code !== 0) process.stdout.write(`::error title=ChangeTrail::${out.find((l) => l.trim()) ?? 'commits without a ticket'}\n`);
    if (step.name !== 'check' && env.GITHUB_STEP_SUMMARY && out.length > 0) appendFileSync(env.GITHUB_STEP_SUMMARY, `${out.join('\n')}\n\n`);
    worst = Math.max(worst, code);
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
