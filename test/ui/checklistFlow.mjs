// The Impact Checklist as a person meets it, in one colour theme: empty (prefilled from the
// changed paths), filled in, and inside a freeze window with the override reason it asks for.
import { expect } from './expect.mjs';
import { webviewFrame } from './uiCheck.mjs';
import { TEST_NOW } from '../harness/testClock.mjs';

/** The team config for these checks: a critical system, and the test day (TEST_NOW) listed as a freeze date. */
export function prepareChecklistRepo({ writeRepoFile, readRepoFile }) {
  const config = JSON.parse(readRepoFile('.changetrail/config.json'));
  const today = TEST_NOW.slice(0, 10);
  config.systems = [{ name: 'Identity', paths: ['src/auth/**'], owner: 'Identity team', criticality: 'critical', runbook: 'https://wiki.example.com/identity/runbook' }];
  config.freeze = { dates: [{ from: today, reason: 'Quarter-end release freeze' }], timeZone: 'UTC' };
  writeRepoFile('.changetrail/config.json', JSON.stringify(config, null, 2));
}

/** Picks a colour theme the way a person does: Preferences: Color Theme. */
async function pickTheme(page, label) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input.input').fill('>Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Preferences: Color Theme' }).first().click();
  await page.locator('.quick-input-widget input.input').fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
}

/** Runs the checks in `theme` ('light' or 'dark'), which also names the screenshots. */
export async function runChecklistChecks({ page, checks }, theme) {
  await page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]').waitFor({ timeout: 30_000 });
  await pickTheme(page, theme === 'dark' ? 'Dark Modern' : 'Light Modern');
  const dark = await page.locator('.monaco-workbench.vs-dark').count();
  expect(theme === 'dark' ? dark === 1 : dark === 0, `the workbench is not in the ${theme} theme`);
  await page.locator('.activitybar a.action-label[aria-label^="ChangeTrail"]').click();
  // Give the checklist the side bar: collapse the other views.
  for (const view of ['Current Change', 'File History']) {
    const header = page.locator(`.pane-header[aria-label^="${view}"]`);
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
  const frame = await webviewFrame(page, 'textarea#title');

  await checks.check(`${theme}: the checklist opens prefilled from the changed paths, with its risk flags`, page, async () => {
    await frame.locator('.flag').first().waitFor({ timeout: 20_000 });
    const touches = await frame.locator('textarea#touches').inputValue();
    expect(/Identity/.test(touches), `touches prefilled: ${JSON.stringify(touches)}`);
    const flags = await frame.locator('.flag').allInnerTexts();
    expect(flags.some((f) => /rollback/i.test(f)), `flags: ${JSON.stringify(flags)}`);
    expect(flags.some((f) => /critical/i.test(f)), `flags: ${JSON.stringify(flags)}`);
    await checks.screenshot(page, `checklist-${theme}-empty.png`);
  });

  await checks.check(`${theme}: filled in from the keyboard, progress shows it`, page, async () => {
    await frame.locator('textarea#title').fill('Login timeout shortened to 5 minutes');
    await frame.locator('textarea#problem').click();
    await page.keyboard.type('Sessions stay open for 30 minutes on shared computers.');
    await page.keyboard.press('Tab');
    await frame.locator('textarea#verification').fill('Idle sessions end after 5 minutes in staging.');
    // The fills above each send the host an answer, and the view is drawn again from each reply: a
    // reply to an earlier fill can arrive between the click and Playwright's look at the radio (the
    // next reply has it checked). Checked again until it holds (a CI run on a loaded machine failed
    // on the look, with "Yes" checked in its screenshot).
    for (let attempt = 1; ; attempt++) {
      try {
        await frame.locator('#staging-yes').check({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.waitForTimeout(300);
      }
    }
    expect(await frame.locator('#staging-yes').isChecked(), 'Yes is checked');
    await frame.locator('#staging-evidence').fill('https://ci.example.com/runs/42');
    await frame.locator('textarea#rollback').fill('Revert the commit; the timeout goes back to 30 minutes.');
    await frame.locator('textarea#notify').fill('Support leads');
    await frame.locator('textarea#rollback').blur();
    await page.waitForTimeout(800);
    const progress = await frame.locator('.progress').innerText();
    expect(/answered/.test(progress), `progress: ${progress}`);
    const flags = await frame.locator('.flag').allInnerTexts();
    expect(!flags.some((f) => /no rollback/i.test(f)), `the rollback flag is gone: ${JSON.stringify(flags)}`);
    await checks.screenshot(page, `checklist-${theme}-filled.png`);
  });

  await checks.check(`${theme}: a production change on a freeze date is flagged and asks for a reason`, page, async () => {
    await frame.locator('select#environment').selectOption('production');
    const freeze = frame.locator('.flag.danger', { hasText: /freeze/i });
    await freeze.first().waitFor({ timeout: 10_000 });
    const override = frame.locator('textarea#override');
    await override.waitFor({ state: 'visible', timeout: 10_000 });
    await override.fill('Security fix requested by the CISO');
    await checks.screenshot(page, `checklist-${theme}-freeze.png`);
  });
}
