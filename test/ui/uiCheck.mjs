// A tiny check runner for Playwright flows: named checks, screenshots, and a summary line.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SCREENSHOT_DIR = resolve('test-results', 'screenshots');

/** Runs checks in order; a failing check is reported with a screenshot and the rest still run. */
export function createCheckRunner(name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  let passed = 0;
  let failed = 0;
  return {
    async check(title, page, fn) {
      try {
        await fn();
        passed++;
        console.log(`  ✔ ${title}`);
      } catch (error) {
        failed++;
        console.log(`  ✘ ${title}\n    ${String(error?.message ?? error).split('\n').slice(0, 6).join('\n    ')}`);
        const file = join(SCREENSHOT_DIR, `FAILED-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`);
        await page?.screenshot({ path: file }).catch(() => undefined);
      }
    },
    async screenshot(page, file) {
      const path = join(SCREENSHOT_DIR, file);
      await page.screenshot({ path });
      console.log(`    screenshot: ${path}`);
    },
    summary() {
      return { name, passed, failed };
    },
  };
}

/** Opens the workbench and waits until it has rendered. */
export async function openWorkbench(browser, url, viewport = { width: 1400, height: 860 }) {
  const page = await browser.newPage({ viewport });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  return page;
}

/**
 * The frame of the webview whose document holds `selector` (each webview view is an iframe two
 * levels deep, and several can be open at once).
 */
export async function webviewFrame(page, selector, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview shows ${selector}`);
}
