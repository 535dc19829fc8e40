// `npm test`: type-check, build, unit suites in plain Node, integration suites inside a real VS
// Code extension host, UI checks in Chromium, then the packaged .vsix. Each stage prints its own
// `N passed, N failed`; the last line adds them up. Exits non-zero when anything failed or
// nothing ran.
import { spawn } from 'node:child_process';
import { ensureMachine } from './harness/machine.mjs';

const stages = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'build', cmd: ['node', 'esbuild.config.mjs', '--tests'] },
  { name: 'unit', cmd: ['node', 'test/harness/runUnit.mjs'], counted: true },
  // The suites that run git, again with every git started by the helper an extension host uses once it is big.
  { name: 'unit-git-helper', cmd: ['node', 'test/harness/runUnit.mjs', 'core/history', 'core/notes', 'core/git', 'core/records/index'], env: { CHANGETRAIL_GIT_ROUTE: 'helper' }, counted: true },
  { name: 'integration', cmd: ['node', 'test/harness/runIntegration.mjs'], counted: true, browser: true },
  { name: 'ui', cmd: ['node', 'test/harness/runUi.mjs'], counted: true, browser: true },
  { name: 'board', cmd: ['node', 'test/harness/runBoardUi.mjs'], counted: true, browser: true },
  { name: 'demo', cmd: ['node', 'test/harness/runDemoCheck.mjs'], counted: true, browser: true },
  { name: 'package', cmd: ['npm', 'run', '--silent', 'package'] },
  { name: 'vsix', cmd: ['node', 'test/harness/runVsixCheck.mjs'], counted: true, browser: true },
];
const only = process.env.CHANGETRAIL_STAGES?.split(',');
const selected = stages.filter((s) => !only || only.includes(s.name));
// Before anything runs: a machine without a browser (or, before code-server is installed, without
// ripgrep) gets it installed (root with apt-get) or one line naming what to install, not a stack
// trace ten minutes in.
if (selected.some((s) => s.browser)) ensureMachine({ browser: true });

let passed = 0;
let failed = 0;
const report = [];
for (const stage of selected) {
  const started = Date.now();
  console.log(`\n=== ${stage.name}: ${stage.cmd.join(' ')}`);
  const { code, counts } = await run(stage.cmd, stage.env);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (stage.counted) {
    if (!counts) {
      failed++;
      report.push(`${stage.name}: no summary line (counted as 1 failure) [${seconds}s]`);
    } else {
      passed += counts.passed;
      failed += counts.failed + (code !== 0 && counts.failed === 0 ? 1 : 0);
      report.push(`${stage.name}: ${counts.passed} passed, ${counts.failed} failed [${seconds}s]`);
    }
  } else if (code !== 0) {
    failed++;
    report.push(`${stage.name}: FAILED (exit ${code}) [${seconds}s]`);
  } else {
    report.push(`${stage.name}: ok [${seconds}s]`);
  }
  if (code !== 0 && !stage.counted) break; // nothing after a broken type-check or build is meaningful
}

console.log('\n=== summary');
report.forEach((line) => console.log(`  ${line}`));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

function run(cmd, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let counts;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        const m = /^(?:[\w-]+: )?(\d+) passed, (\d+) failed/.exec(line.trim());
        if (m) counts = { passed: Number(m[1]), failed: Number(m[2]) };
      }
    });
    child.on('close', (code) => {
      const m = /^(?:[\w-]+: )?(\d+) passed, (\d+) failed/.exec(buffer.trim());
      if (m) counts = { passed: Number(m[1]), failed: Number(m[2]) };
      resolve({ code, counts });
    });
  });
}
