// Runs the integration suites inside a real VS Code extension host: code-server 4.96.4 serves
// VS Code 1.96, headless Chromium opens the workbench with extensionTestsPath, and the suites
// report back through codeAutomationLog/codeAutomationExit. Prints `N passed, N failed`; fails
// when no summary came back, so a run that executed nothing can never look green.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { buildDemoRepo } from '../fixtures/demoRepo.mjs';
import { launchChromium } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { clockEnv } from './testClock.mjs';
import { ensureMachine } from './machine.mjs';

ensureMachine({ browser: true });

const SUMMARY_PREFIX = 'CHANGETRAIL_TEST_SUMMARY ';
const root = resolve('.');
const testsPath = join(root, 'out', 'test', 'integration', 'index.js');
if (!existsSync(testsPath)) {
  console.error(`${testsPath} is missing: run \`node esbuild.config.mjs --tests\` first`);
  process.exit(1);
}
if (!existsSync(join(root, 'dist', 'extension.js'))) {
  console.error('dist/extension.js is missing: run `npm run build` first');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'changetrail-it-'));
const repo = buildDemoRepo(join(work, 'acme-accounts'));
// Every git of the extension through the helper process an extension host uses once it is big
// (core/git/gitProcess.ts), so these suites run that path in the shipped bundle; the UI and .vsix
// checks keep the default route.
const server = await startCodeServer({ env: { ...clockEnv(), CHANGETRAIL_GIT_ROUTE: 'helper' } });
const browser = await launchChromium();
let summary;
let exitCode;
try {
  const page = await browser.newPage();
  const finished = new Promise((resolveExit) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  });
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (line.startsWith(SUMMARY_PREFIX)) summary = JSON.parse(line.slice(SUMMARY_PREFIX.length));
    else console.log(line);
  });
  await page.goto(server.workbenchUrl({ folder: repo, extensionPath: root, testsPath }));
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), 300_000));
  exitCode = await Promise.race([finished, timeout]);
  if (exitCode === 'timeout') console.error('integration: the extension host did not finish within 300 s');
} finally {
  await browser.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}

if (!summary) {
  console.log('integration: 0 passed, 1 failed (no test summary came back from the extension host)');
  process.exit(1);
}
console.log(`integration: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
process.exit(summary.failed > 0 || summary.passed === 0 || exitCode !== 0 ? 1 : 0);
