/** Runs a command from the workbench's command palette (F1), as a person would. */
export async function runCommand(page, name) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input.input').fill(`>${name}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}
