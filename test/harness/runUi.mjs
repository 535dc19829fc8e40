// UI checks: code-server with ChangeTrail loaded, Chromium drives the workbench as a person
// would, and screenshots land in test-results/screenshots/. Prints `N passed, N failed`.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { buildDemoRepo } from '../fixtures/demoRepo.mjs';
import { launchChromium } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { clockEnv } from './testClock.mjs';
import { ensureMachine } from './machine.mjs';
import { SCREENSHOT_DIR, createCheckRunner, openWorkbench } from '../ui/uiCheck.mjs';
import * as foundation from '../ui/foundation.ui.mjs';
import * as tickets from '../ui/tickets.ui.mjs';
import * as completion from '../ui/completion.ui.mjs';
import * as checklistLight from '../ui/checklistLight.ui.mjs';
import * as checklistDark from '../ui/checklistDark.ui.mjs';
import * as checklistHostile from '../ui/checklistHostile.ui.mjs';
import * as historyAndDeploy from '../ui/historyAndDeploy.ui.mjs';
import * as firstHour from '../ui/firstHour.ui.mjs';
import * as whatChanged from '../ui/whatChanged.ui.mjs';
import * as changeBoard from '../ui/changeBoard.ui.mjs';
import * as restrictedMode from '../ui/restrictedMode.ui.mjs';
import * as noRepository from '../ui/noRepository.ui.mjs';

ensureMachine({ browser: true });

const flows = [foundation, tickets, completion, checklistLight, checklistDark, checklistHostile, historyAndDeploy, firstHour, whatChanged, changeBoard, restrictedMode, noRepository];
const only = process.env.CHANGETRAIL_UI_GREP;
const root = resolve('.');
let passed = 0;
let failed = 0;

// Screenshots of this run only: stale ones would prove nothing.
rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
const browser = await launchChromium();
try {
  for (const flow of flows.filter((f) => !only || f.title.includes(only))) {
    console.log(`${flow.title}`);
    const work = mkdtempSync(join(tmpdir(), 'changetrail-ui-'));
    const repoPath = buildDemoRepo(join(work, 'acme-accounts'));
    // Each flow runs at the fixed test time unless it exports its own `now`.
    const server = await startCodeServer({ settings: flow.settings ?? {}, env: clockEnv(flow.now), workspaceTrust: flow.workspaceTrust ?? false });
    const checks = createCheckRunner(flow.title);
    const writeRepoFile = (file, content) => {
      mkdirSync(dirname(join(repoPath, file)), { recursive: true });
      writeFileSync(join(repoPath, file), content);
    };
    const readRepoFile = (file) => readFileSync(join(repoPath, file), 'utf8');
    let page;
    try {
      await flow.prepare?.({ repoPath, writeRepoFile, readRepoFile });
      page = await openWorkbench(browser, server.workbenchUrl({ folder: repoPath, extensionPath: root }));
      await flow.run({ page, checks, repoPath, writeRepoFile, readRepoFile, server });
    } catch (error) {
      await checks.check(`${flow.title} set-up`, page, () => Promise.reject(error));
    } finally {
      await page?.close();
      await server.stop();
      rmSync(work, { recursive: true, force: true });
    }
    const s = checks.summary();
    passed += s.passed;
    failed += s.failed;
  }
} finally {
  await browser.close();
}
console.log(`ui: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
