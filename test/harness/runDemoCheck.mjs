// Checks `npm run demo` as a newcomer meets it: the script prints a URL, that URL opens a
// workbench showing ChangeTrail's icon, view and status bar item, and Ctrl-C (SIGINT) stops
// everything with exit 0. Also saves the README screenshot. Prints `N passed, N failed`.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { createCheckRunner, openWorkbench, SCREENSHOT_DIR, webviewFrame } from '../ui/uiCheck.mjs';
import { expect } from '../ui/expect.mjs';
import { ensureMachine } from './machine.mjs';

ensureMachine({ browser: true });

const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const checks = createCheckRunner('demo');
// A repository of its own, so a developer's .demo/ is left alone.
const demoDir = join(mkdtempSync(join(tmpdir(), 'changetrail-demo-')), 'acme-accounts');
const demo = spawn(process.execPath, ['test/demo/runDemo.mjs', '--fresh'], {
  env: { ...process.env, PORT: String(port), CHANGETRAIL_DEMO_DIR: demoDir },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let output = '';
demo.stdout.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => demo.on('exit', (code, signal) => resolve({ code, signal })));

let url;
await checks.check('the demo prints a workbench URL on 127.0.0.1', undefined, async () => {
  const deadline = Date.now() + 180_000;
  let gone;
  void exited.then((how) => (gone = how));
  // A demo that stopped (a missing prerequisite, a build error) fails the check at once.
  while (!(url = /Open: (\S+)/.exec(output)?.[1]) && !gone && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  expect(url, `no URL printed${gone ? ` (the demo exited with ${gone.code ?? gone.signal})` : ''}; output so far:\n${output}`);
  expect(url.startsWith(`http://127.0.0.1:${port}/`), `URL ${url}`);
});

const browser = await launchChromium();
let page;
try {
  await checks.check('the workbench shows ChangeTrail: icon, view container and status bar item', page, async () => {
    page = await openWorkbench(browser, url, { width: 1280, height: 720 });
    const item = page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]');
    await item.waitFor({ timeout: 45_000 });
    expect((await item.innerText()).trim() === 'PROJ-123', 'status bar ticket');
    await page.locator('.activitybar a.action-label[aria-label^="ChangeTrail"]').click();
    const frame = await webviewFrame(page, '.ticket');
    expect((await frame.locator('.ticket').innerText()) === 'PROJ-123', 'view ticket');
    await checks.screenshot(page, 'demo.png');
  });
} finally {
  await page?.close();
  await browser.close();
}

await checks.check('Ctrl-C stops the demo cleanly and frees the port', undefined, async () => {
  demo.kill('SIGINT');
  const { code } = await Promise.race([exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 20_000))]);
  expect(code === 0, `demo exited with ${code}`);
  const free = await new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
  expect(free, `port ${port} is still taken after the demo stopped`);
});

if (process.env.CHANGETRAIL_UPDATE_README_SCREENSHOT) {
  mkdirSync('media/screenshots', { recursive: true });
  copyFileSync(join(SCREENSHOT_DIR, 'demo.png'), 'media/screenshots/demo.png');
}
rmSync(dirname(demoDir), { recursive: true, force: true });
const { passed, failed } = checks.summary();
console.log(`demo: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
