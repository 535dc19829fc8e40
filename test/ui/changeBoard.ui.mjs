// ChangeTrail: Open Change Board as a support person meets it in the editor: run it from the
// Command Palette and read the What changed? answer of the repository's own log, in the panel.
import { boardLogText } from '../fixtures/board/boardLog.mjs';
import { expect } from './expect.mjs';
import { TEST_NOW } from '../harness/testClock.mjs';
import { runCommand } from './workbenchCommand.mjs';

export const title = 'change-board';
export const settings = { 'changetrail.hooks.offerInstall': false, 'changetrail.branches.warnWithoutTicket': false };

/** Four systems, two environments and 150 days (six months: three come with the page, the rest when asked) of a generated log up to the test's fixed time. */
export function prepare({ writeRepoFile, readRepoFile }) {
  const config = JSON.parse(readRepoFile('.changetrail/config.json'));
  config.environments = ['staging', 'production'];
  config.systems = ['Billing', 'Login', 'Search', 'POS'].map((name) => ({ name, paths: [`${name.toLowerCase()}/**`], criticality: name === 'Billing' ? 'critical' : 'medium' }));
  config.freeze = { weekly: [], dates: [], timeZone: 'Europe/Madrid' };
  writeRepoFile('.changetrail/config.json', JSON.stringify(config, null, 2));
  writeRepoFile('.changetrail/changes.jsonl', boardLogText({ end: Date.parse(TEST_NOW), days: 150, perDay: 6 }));
}

export async function run({ page, checks }) {
  await page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]').waitFor({ timeout: 30_000 });

  await checks.check('Open Change Board shows What changed? with suspects from the repository log', page, async () => {
    await runCommand(page, 'ChangeTrail: Open Change Board');
    await page.locator('.tab', { hasText: 'Change Board' }).first().waitFor({ timeout: 15_000 });
    // The panel's document is two iframes deep.
    const board = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await board.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    await board.locator('[role="tab"][aria-selected="true"]', { hasText: 'What changed?' }).waitFor({ timeout: 10_000 });
    await board.locator('#changed-answer').waitFor({ timeout: 10_000 });
    const alerts = await board.locator('[role="alert"]').allInnerTexts();
    expect(alerts.length === 0, `the board reports problems: ${alerts.join(' | ')}`);
    await board.locator('#changed-env').selectOption('production');
    const first = board.locator('ol.suspects > li').first();
    await first.waitFor({ timeout: 10_000 });
    const text = await first.innerText();
    expect(/Why suspect: /.test(text), `first suspect without reasons: ${text}`);
    const answer = await board.locator('#changed-answer').innerText();
    const count = Number(/Suspects, most likely first \((\d+)\)/.exec(answer)?.[1] ?? 0);
    expect(count > 0, `no suspects in the last day of a log with a deployment a day: ${answer.slice(0, 300)}`);
    await checks.screenshot(page, 'change-board-panel.png');
  });

  await checks.check('the board in the panel switches pages from the keyboard and shows charts with data', page, async () => {
    const board = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await board.locator('#tab-changed').focus();
    await board.locator('#tab-changed').press('End');
    await board.locator('#tab-week[aria-selected="true"]').waitFor({ timeout: 10_000 });
    await board.locator('#tab-metrics').click();
    await board.locator('#tab-metrics[aria-selected="true"]').waitFor({ timeout: 10_000 });
    await board.locator('canvas').first().waitFor({ timeout: 10_000 });
    expect((await board.locator('canvas').count()) > 0, 'no chart drawn');
    await checks.screenshot(page, 'change-board-metrics.png');
  });

  await checks.check('an older month comes from the host when the Change log asks for it', page, async () => {
    const board = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await board.locator('#tab-log').click();
    await board.locator('#tab-log[aria-selected="true"]').waitFor({ timeout: 10_000 });
    const before = await board.locator('#log-count').innerText();
    await board.locator('button', { hasText: 'Load an older month' }).click();
    // The page posts loadMonth; the host answers with the month; the store adds its changes.
    const deadline = Date.now() + 10_000;
    let after = before;
    while (after === before && Date.now() < deadline) {
      await page.waitForTimeout(100);
      after = await board.locator('#log-count').innerText();
    }
    expect(parseInt(after, 10) > parseInt(before, 10), `the change count stayed ${before} (then ${after})`);
    const alerts = await board.locator('[role="alert"]').allInnerTexts();
    expect(alerts.length === 0, `the board reports problems: ${alerts.join(' | ')}`);
    await checks.screenshot(page, 'change-board-older-month.png');
  });
}
