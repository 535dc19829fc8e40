// Workspace Trust on: the folder opens in Restricted Mode, where VS Code runs no Git extension.
// ChangeTrail must say why it shows nothing (not "Git is not installed"), and come alive when the
// person trusts the folder, without a window reload.
import { expect } from './expect.mjs';
import { runCommand } from './workbenchCommand.mjs';

export const title = 'restricted mode';
export const workspaceTrust = true;

export async function run({ page, checks }) {
  const statusItem = page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]');

  await checks.check('in Restricted Mode ChangeTrail says Git is off until the folder is trusted', page, async () => {
    await page.locator('.statusbar', { hasText: 'Restricted Mode' }).waitFor({ timeout: 30_000 });
    const toast = page.locator('.notification-toast', { hasText: 'ChangeTrail' });
    await toast.first().waitFor({ timeout: 30_000 });
    const text = (await toast.first().innerText()).replace(/\s+/g, ' ');
    // The old message was "The built-in Git extension is not installed", which sent people to reinstall git.
    expect(/Restricted Mode/.test(text) && !/not installed/.test(text), `toast says ${JSON.stringify(text)}`);
    expect((await toast.first().locator('a.monaco-button', { hasText: 'Manage Workspace Trust' }).count()) === 1, 'the toast offers Manage Workspace Trust');
    expect((await statusItem.count()) === 0, 'no branch ticket in Restricted Mode');
    await page.waitForTimeout(600); // the toast fades in
    await checks.screenshot(page, 'restricted-mode-message.png');
  });

  await checks.check('trusting the folder brings the branch ticket without a reload', page, async () => {
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first().click();
    // The old code connected to Git once, at activation: after trusting, nothing came until a reload.
    await statusItem.first().waitFor({ timeout: 30_000 });
    const text = (await statusItem.first().innerText()).trim();
    expect(text === 'PROJ-123', `status bar item text is ${JSON.stringify(text)}`);
    await checks.screenshot(page, 'restricted-mode-trusted.png');
  });
}
