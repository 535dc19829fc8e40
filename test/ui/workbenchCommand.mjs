/**
 * Runs a command from the workbench's command palette (F1), as a person would. Right after the
 * window opens the palette may not list an extension's commands yet (seen once, under faketime on
 * a loaded machine): then it is closed and opened again, once, before giving up.
 */
export async function runCommand(page, name) {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input.input').fill(`>${name}`);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    const listed = await row.waitFor({ timeout: 10_000 }).then(() => true, (error) => (attempt < 2 ? false : Promise.reject(error)));
    if (listed) break;
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Enter');
}
