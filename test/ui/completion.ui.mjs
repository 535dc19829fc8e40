// Ticket completion as a person meets it: typing a project key in the Source Control commit
// box opens the suggestion list with titles; accepting an item inserts the key.
import { expect } from './expect.mjs';

export const title = 'completion';
export const settings = { 'changetrail.hooks.offerInstall': false, 'changetrail.branches.warnWithoutTicket': false };

const boxText = async (page) => (await page.locator('.scm-editor .view-lines').innerText()).replace(/\u00a0/g, ' ').trim();

export async function run({ page, checks }) {
  await page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]').waitFor({ timeout: 30_000 });
  await page.locator('.activitybar a.action-label[aria-label^="Source Control"]').click();
  const box = page.locator('.scm-editor .monaco-editor');
  await box.waitFor({ timeout: 20_000 });

  await checks.check('typing a project key in the commit box suggests tickets with their titles', page, async () => {
    await box.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('Related to OPS-', { delay: 30 });
    const rows = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor({ timeout: 15_000 });
    const texts = await rows.allInnerTexts();
    expect(texts.some((t) => t.includes('OPS-7') && t.includes('REDIS_URL')), `suggestions: ${JSON.stringify(texts)}`);
    expect(texts.some((t) => t.includes('OPS-12')), 'OPS-12 from the tickets file is offered');
    await checks.screenshot(page, 'completion-suggestions.png');
  });

  await checks.check('accepting a suggestion inserts the ticket key', page, async () => {
    const target = page.locator('.editor-widget.suggest-widget.visible .monaco-list-row', { hasText: 'OPS-12' });
    await target.first().click();
    const deadline = Date.now() + 10_000;
    let text = await boxText(page);
    while (text !== 'Related to OPS-12' && Date.now() < deadline) {
      await page.waitForTimeout(200);
      text = await boxText(page);
    }
    expect(text === 'Related to OPS-12', `the box says ${JSON.stringify(text)}`);
    await checks.screenshot(page, 'completion-accepted.png');
  });
}
