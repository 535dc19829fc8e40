// Runs the same integration suites through @vscode/test-electron, for machines that can download
// VS Code (desktops, public CI with xvfb). It cannot work on machines without that network
// access; there, `npm run test:integration` runs the suites in code-server instead.
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDemoRepo } from '../fixtures/demoRepo.mjs';
import { clockEnv } from './testClock.mjs';

const SUMMARY_PREFIX = 'CHANGETRAIL_TEST_SUMMARY ';
const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'changetrail-electron-'));
const repo = buildDemoRepo(join(work, 'acme-accounts'));
let summary;
let code = 1;
// The extension host's stdout carries the suite's summary line; watch for it.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  const text = String(chunk);
  const at = text.indexOf(SUMMARY_PREFIX);
  if (at >= 0) summary = JSON.parse(text.slice(at + SUMMARY_PREFIX.length).split('\n')[0]);
  return write(chunk, ...rest);
};
try {
  code = await runTests({
    version: process.env.VSCODE_VERSION || '1.96.4',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
    extensionTestsEnv: clockEnv(),
    launchArgs: [repo, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--user-data-dir', join(work, 'ud')],
  });
} catch (error) {
  console.error(`test-electron: ${error.message ?? error}`);
} finally {
  process.stdout.write = write;
  rmSync(work, { recursive: true, force: true });
}
if (!summary) {
  console.log('electron: 0 passed, 1 failed (no test summary came back from VS Code)');
  process.exit(1);
}
console.log(`electron: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
process.exit(code !== 0 || summary.failed > 0 || summary.passed === 0 ? 1 : 0);
