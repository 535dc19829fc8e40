// What a person sees when ChangeTrail is loaded: the activity bar icon and view container, the
// status bar ticket, the Current Change view, and the message for a broken team config.
import { expect } from './expect.mjs';
import { webviewFrame } from './uiCheck.mjs';

export const title = 'foundation';

export async function run({ page, checks, repoPath, writeRepoFile }) {
  // The status bar entry's DOM id is <extension id>.<item id>.
  const statusItem = page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]');

  await checks.check('the status bar shows the branch ticket', page, async () => {
    await statusItem.first().waitFor({ timeout: 30_000 });
    const text = (await statusItem.first().innerText()).trim();
    expect(text === 'PROJ-123', `status bar item text is ${JSON.stringify(text)}`);
    const aria = await statusItem.first().getAttribute('aria-label');
    expect(/PROJ-123/.test(aria ?? ''), `aria-label ${aria}`);
    await checks.screenshot(page, 'foundation-statusbar.png');
  });

  await checks.check('the activity bar has ChangeTrail, and its view shows the ticket', page, async () => {
    const entry = page.locator('.activitybar a.action-label[aria-label^="ChangeTrail"]');
    await entry.waitFor({ timeout: 20_000 });
    await entry.click();
    const sideBarTitle = await page.locator('.part.sidebar .composite.title').innerText();
    expect(/CHANGETRAIL/i.test(sideBarTitle), `side bar title ${JSON.stringify(sideBarTitle)}`);
    for (const view of ['Current Change', 'Impact Checklist']) {
      expect((await page.locator(`.part.sidebar .pane-header[aria-label^="${view}"]`).count()) === 1, `the ${view} view is in the container`);
    }
    const frame = await webviewFrame(page, '.ticket');
    const ticket = await frame.locator('.ticket').innerText();
    expect(ticket === 'PROJ-123', `view shows ticket ${JSON.stringify(ticket)}`);
    const branch = await frame.locator('.branch code').innerText();
    expect(branch === 'feature/PROJ-123-login-timeout', `view shows branch ${JSON.stringify(branch)}`);
    const buttons = await frame.locator('button.action').allInnerTexts();
    expect(buttons.includes('Open Ticket') && buttons.includes('Open Team Config'), `buttons ${buttons}`);
    await checks.screenshot(page, 'foundation-view.png');
  });

  await checks.check('a broken team config gives one message naming file and field, with Open Config', page, async () => {
    writeRepoFile('.changetrail/config.json', '{\n  "tickets": {\n    "projects": ["PROJ"],\n    "requireOnCommit": "yes"\n  }\n}\n');
    const toast = page.locator('.notification-toast', { hasText: 'tickets.requireOnCommit' });
    await toast.first().waitFor({ timeout: 20_000 });
    const text = await toast.first().innerText();
    expect(text.includes('.changetrail/config.json') && text.includes('expected boolean'), `toast says ${JSON.stringify(text)}`);
    // The view lists the problem too, and the extension kept going: the ticket is still shown.
    const frame = await webviewFrame(page, '.ticket');
    await frame.locator('.problems li').first().waitFor({ timeout: 10_000 });
    expect((await frame.locator('.ticket').innerText()) === 'PROJ-123', 'ticket still shown');
    await checks.screenshot(page, 'foundation-broken-config.png');
    await toast.first().locator('a.monaco-button', { hasText: 'Open Config' }).click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'config.json' });
    await tab.first().waitFor({ timeout: 10_000 });
  });

  await checks.check('VS Code validates the config file against the generated JSON schema', page, async () => {
    // The JSON language server marks "yes" where the schema wants a boolean.
    const squiggle = page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error');
    await squiggle.first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-line', { hasText: 'requireOnCommit' }).hover();
    const hover = page.locator('.monaco-hover', { hasText: /Incorrect type|boolean/ });
    await hover.first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    const problems = await page.locator('#status\\.problems').innerText();
    expect(/[1-9]/.test(problems), `problems counter ${JSON.stringify(problems)}`);
    await checks.screenshot(page, 'foundation-open-config.png');
  });
  void repoPath;
}
