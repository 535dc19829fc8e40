// Checks the packaged .vsix: it holds only what runs, it installs into code-server with
// --install-extension, and once installed (no development path) it activates in a real
// workbench and shows the branch ticket. Prints `N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildDemoRepo } from '../fixtures/demoRepo.mjs';
import { clockEnv } from './testClock.mjs';
import { ensureMachine } from './machine.mjs';
import { launchChromium } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';
import { ensureCodeServer } from './installCodeServer.mjs';
import { zipEntries } from './zipEntries.mjs';
import { createCheckRunner, openWorkbench } from '../ui/uiCheck.mjs';
import { CLI_FILES } from '../../esbuild.lazy.mjs';
import { expect } from '../ui/expect.mjs';

ensureMachine({ browser: true });

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const vsix = resolve(`${pkg.name}-${pkg.version}.vsix`);
const checks = createCheckRunner('vsix');
const work = mkdtempSync(join(tmpdir(), 'changetrail-vsix-'));
const extensionsDir = join(work, 'extensions');

await checks.check('the .vsix holds only what runs', undefined, async () => {
  const entries = zipEntries(vsix);
  for (const needed of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.js',
    'extension/dist/axios.js', 'extension/dist/tickets.js', 'extension/dist/hooks.js', 'extension/dist/records.js', 'extension/dist/history.js', 'extension/dist/simple-git.js', 'extension/dist/schemas/team-config.schema.json', 'extension/media/changetrail.svg', 'extension/media/webview/overview.js',
    'extension/dist/re2.js',
    'extension/dist/validation.js',
    'extension/dist/incidents.js',
    'extension/dist/checklist.js',
    // The command handlers (required on the first command run), and every file the CLI requires
    // from beside itself: "Install Git Hooks" copies them with dist/cli.js.
    'extension/dist/commands.js',
    ...CLI_FILES.map((f) => `extension/dist/${f}`),
    'extension/syntaxes/ticket-ids.injection.json', 'extension/LICENSE.txt']) {
    expect(entries.includes(needed), `${needed} is missing from the .vsix`);
  }
  const unwanted = entries.filter((e) => /\.map$|\.ts$|^extension\/(src|test|bench|out|node_modules|\.ci|\.vscode-test)\//.test(e));
  expect(unwanted.length === 0, `unwanted files: ${unwanted.join(', ')}`);
});

await checks.check('code-server --install-extension installs it', undefined, async () => {
  const out = execFileSync(process.execPath, [ensureCodeServer(), '--extensions-dir', extensionsDir, '--user-data-dir', join(work, 'ud'), '--install-extension', vsix], {
    encoding: 'utf8',
    env: { ...process.env, HOME: join(work, 'home'), EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }) },
  });
  expect(/successfully installed/i.test(out), `install said: ${out}`);
  const listed = execFileSync(process.execPath, [ensureCodeServer(), '--extensions-dir', extensionsDir, '--user-data-dir', join(work, 'ud'), '--list-extensions', '--show-versions'], {
    encoding: 'utf8',
    env: { ...process.env, HOME: join(work, 'home') },
  });
  expect(listed.includes(`changetrail.changetrail@${pkg.version}`), `--list-extensions says: ${listed}`);
});

const browser = await launchChromium();
const server = await startCodeServer({ extensionsDir, env: clockEnv() });
let page;
try {
  await checks.check('the installed extension activates and shows the branch ticket', page, async () => {
    const repo = buildDemoRepo(join(work, 'acme-accounts'));
    page = await openWorkbench(browser, server.workbenchUrl({ folder: repo }));
    const item = page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]');
    await item.waitFor({ timeout: 45_000 });
    const text = (await item.innerText()).trim();
    expect(text === 'PROJ-123', `status bar shows ${JSON.stringify(text)}`);
    const title = await page.locator('.window-title, .titlebar .window-title').first().innerText().catch(() => '');
    expect(!/Extension Development Host/.test(title), 'this run must load the installed copy, not a development path');
    await checks.screenshot(page, 'vsix-installed.png');
  });
} finally {
  await page?.close();
  await browser.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
const { passed, failed } = checks.summary();
console.log(`vsix: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
