// File History as support meets it (badges, an expanded commit with its record and files),
// and the deployment note preview of "Record Deployment".
import { expect } from './expect.mjs';
import { runCommand } from './workbenchCommand.mjs';

export const title = 'history-and-deploy';
export const settings = { 'changetrail.hooks.offerInstall': false, 'changetrail.branches.warnWithoutTicket': false };

export async function run({ page, checks }) {
  await page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]').waitFor({ timeout: 30_000 });

  await checks.check('File History lists the renamed file\'s commits with where each is live, and expands one', page, async () => {
    await page.keyboard.press('Control+P');
    await page.keyboard.type('sessionTimeout.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sessionTimeout.ts' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'sessionTimeout.ts' }).waitFor({ timeout: 10_000 });
    await page.locator('.activitybar a.action-label[aria-label^="ChangeTrail"]').click();
    for (const view of ['Current Change', 'Impact Checklist']) {
      const header = page.locator(`.pane-header[aria-label^="${view}"]`);
      if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    }
    const historyHeader = page.locator('.pane-header[aria-label^="File History"]');
    if ((await historyHeader.getAttribute('aria-expanded')) !== 'true') await historyHeader.click();
    const rows = page.locator('.pane-body .monaco-list-row', { hasText: 'PROJ-' });
    await rows.nth(2).waitFor({ timeout: 30_000 });
    const texts = await rows.allInnerTexts();
    // Each row is its commit's subject; where it is live comes first, so a narrow side bar keeps it.
    expect(texts.some((t) => /Rename (the timeout module|timeout\.ts)/.test(t) && /✓ staging ✗ production/.test(t)), `rows: ${JSON.stringify(texts)}`);
    expect(texts.some((t) => /Add the login form/.test(t) && /✓ staging ✓ production|✓ production ✓ staging/.test(t)), `rows: ${JSON.stringify(texts)}`);
    await rows.filter({ hasText: 'Add the login form' }).first().locator('.monaco-tl-twistie').click();
    await page.locator('.pane-body .monaco-list-row', { hasText: 'login.ts' }).first().waitFor({ timeout: 10_000 });
    await checks.screenshot(page, 'history-view.png');
  });

  await checks.check('Record Deployment opens the deployment note as an editable preview before anything is recorded', page, async () => {
    await runCommand(page, 'ChangeTrail: Record Deployment...');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'production' }).first().waitFor({ timeout: 10_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'production' }).first().click();
    // Inside a freeze window the reason is asked first (it depends on the clock of the run).
    const reason = page.locator('.quick-input-widget .quick-input-title', { hasText: 'freeze window' });
    const lens = page.locator('.codelens-decoration', { hasText: 'Record and post' });
    await Promise.race([reason.waitFor({ timeout: 30_000 }), lens.first().waitFor({ timeout: 30_000 })]);
    if (await reason.isVisible()) {
      await page.keyboard.type('Fixes the login outage');
      await page.keyboard.press('Enter');
    }
    // No modal: the note is editable, and "Record and post" sits at its top.
    await lens.first().waitFor({ timeout: 30_000 });
    expect((await page.locator('.monaco-dialog-box').count()) === 0, 'no modal blocks the editor');
    expect(/production/.test(await lens.first().innerText()), `lens: ${await lens.first().innerText()}`);
    await page.locator('.monaco-editor .view-lines', { hasText: 'Deployment to production' }).first().waitFor({ timeout: 10_000 });
    await checks.screenshot(page, 'deployment-note-preview.png');
  });
}
