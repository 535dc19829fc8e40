// Tickets as a person meets them in the Source Control view: the warning in the commit box with
// its "Add PROJ-123" quick fix, and a commit refused by the installed hook as VS Code shows it.
import { execFileSync } from 'node:child_process';
import { expect } from './expect.mjs';
import { runCommand } from './workbenchCommand.mjs';

export const title = 'tickets';
export const settings = { 'git.enableSmartCommit': true, 'changetrail.hooks.offerInstall': false };

const boxText = async (page) => (await page.locator('.scm-editor .view-lines').innerText()).replace(/\u00a0/g, ' ').trim();

async function replaceBoxText(page, text) {
  await page.locator('.scm-editor .monaco-editor').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

export async function run({ page, checks, repoPath, writeRepoFile }) {
  const git = (...args) => execFileSync('git', args, { cwd: repoPath, encoding: 'utf8' });
  const statusItem = page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]');
  await statusItem.waitFor({ timeout: 30_000 });
  await page.locator('.activitybar a.action-label[aria-label^="Source Control"]').click();
  await page.locator('.scm-editor .monaco-editor').waitFor({ timeout: 20_000 });

  await checks.check('the commit box is prefilled with the branch ticket', page, async () => {
    const deadline = Date.now() + 15_000;
    let text = await boxText(page);
    while (text !== 'PROJ-123:' && Date.now() < deadline) {
      await page.waitForTimeout(200);
      text = await boxText(page);
    }
    expect(text === 'PROJ-123:', `commit box says ${JSON.stringify(text)}`);
  });

  await checks.check('a message without a ticket is underlined, and the quick fix adds the ticket', page, async () => {
    await replaceBoxText(page, 'Shorten the login timeout');
    await page.locator('.scm-editor .squiggly-warning').first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .action-label, .action-widget .monaco-list-row', { hasText: 'Add PROJ-123' });
    await fix.first().waitFor({ timeout: 10_000 });
    await checks.screenshot(page, 'tickets-commit-box-quick-fix.png');
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    expect((await focused.getAttribute('aria-label')) === 'Add PROJ-123', 'the preferred fix is selected');
    await page.keyboard.press('Enter');
    const deadline = Date.now() + 10_000;
    let text = await boxText(page);
    while (text !== 'PROJ-123: Shorten the login timeout' && Date.now() < deadline) {
      await page.waitForTimeout(200);
      text = await boxText(page);
    }
    expect(text === 'PROJ-123: Shorten the login timeout', `after the fix the box says ${JSON.stringify(text)}`);
    await page.waitForTimeout(500);
    expect((await page.locator('.scm-editor .squiggly-warning').count()) === 0, 'the warning is gone');
  });

  await checks.check('the installed hook refuses a commit without a ticket, and VS Code says why', page, async () => {
    await runCommand(page, 'ChangeTrail: Install Git Hooks');
    await page.locator('.notification-toast', { hasText: 'git hooks installed' }).first().waitFor({ timeout: 15_000 });
    git('checkout', '-q', 'spike/new-password-rules');
    writeRepoFile('src/auth/passwordRules.ts', 'export const MIN_LENGTH = 14;\n');
    await page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]', { hasText: 'No ticket' }).waitFor({ timeout: 20_000 });
    await replaceBoxText(page, 'Require 14 characters');
    await page.keyboard.press('Control+Enter');
    // The hook's own words, not the branch warning's: "this commit message names no ticket".
    const error = page.locator('.notification-toast, .monaco-dialog-box', { hasText: 'this commit message names no ticket' });
    await error.first().waitFor({ timeout: 20_000 });
    const text = await error.first().innerText();
    expect(/requires one/.test(text), `error says ${text}`);
    expect(git('log', '-1', '--format=%s').trim() === 'Try stricter password rules', 'no commit was made');
    await checks.screenshot(page, 'tickets-hook-rejection.png');
  });
}
