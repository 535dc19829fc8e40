// A folder that is not a git repository: commands that need one must say so; none may do
// nothing and say nothing (the person cannot tell a silent no-op from a finished job).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from './expect.mjs';
import { runCommand } from './workbenchCommand.mjs';

export const title = 'no repository';

// The old code returned from these without a word when no repository was open.
const COMMANDS = [
  ['ChangeTrail: Open Change Log', /open a folder with a git repository/],
  ['ChangeTrail: Stage the Change Log with This Change', /open a folder with a git repository/],
  ['ChangeTrail: This Week in Changes', /open a folder with a git repository/],
  ['ChangeTrail: Refresh Ticket Cache', /open a folder with a git repository/],
  ['ChangeTrail: Deliver Pending Change Records Now', /open a folder with a git repository/],
  // With no editor it asks for a file; with one open (a run left one active) it says the file is in no repository.
  ['ChangeTrail: Why Did This Line Change?', /open a file|not in a git repository/],
  // It said "The current branch names no ticket" and offered the team config.
  ['ChangeTrail: Open Ticket of Current Branch', /open a folder with a git repository/],
];

export async function prepare({ repoPath }) {
  rmSync(join(repoPath, '.git'), { recursive: true, force: true });
}

export async function run({ page, checks }) {
  for (const [name, says] of COMMANDS) {
    await checks.check(`${name} says a repository is needed`, page, async () => {
      const toast = page.locator('.notification-toast', { hasText: says });
      await runCommand(page, name);
      let answered = await toast.first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
      if (!answered) {
        // Once, VS Code's own "Try New Theme" toast came up as the palette ran the command and no
        // answer showed: clear it and ask again. A command that says nothing fails both times.
        await runCommand(page, 'Notifications: Clear All Notifications');
        await runCommand(page, name);
        answered = await toast.first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
      }
      const seen = await page.locator('.notification-toast').allInnerTexts();
      expect(answered, `no such message; on screen: ${JSON.stringify(seen)}`);
      if (name.includes('Stage')) {
        await page.waitForTimeout(600); // the toast fades in
        await checks.screenshot(page, 'no-repository-stage.png');
      }
      // Cleared, not hidden: VS Code does not show a message again while the same one is in the Notification Center.
      await runCommand(page, 'Notifications: Clear All Notifications');
      await toast.first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
    });
  }
}
