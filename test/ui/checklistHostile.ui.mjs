// The Impact Checklist over hostile record text on its branch: a title with a bidi override that
// reverses the environment it names, HTML, and a 100 KB title that is one unbroken word. Before:
// "Fix \u202Egnigats" read as "Fix staging" (the record went to production), and the 100 KB word
// widened the side bar so the whole checklist scrolled sideways.
import { expect } from './expect.mjs';
import { webviewFrame } from './uiCheck.mjs';
import { TEST_NOW } from '../harness/testClock.mjs';

export const title = 'checklist-hostile';
export const settings = { 'changetrail.hooks.offerInstall': false };

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const BRANCH = 'feature/PROJ-123-login-timeout';
const id = (n) => `01JC${String(n).padStart(22, '0')}`;

function change(n, title) {
  return {
    schema: 'changetrail/change', version: 1, id: id(n), createdAt: new Date(Date.parse(TEST_NOW) - (10 - n) * 60_000).toISOString(), tickets: ['PROJ-123'], title,
    description: 'd', reason: 'r', systems: [], author: { name: 'Ana Ruiz', email: 'ana@example.com' }, branch: BRANCH, commits: [], answers: {}, rollbackPlan: 'revert', riskFlags: [], environment: 'production',
  };
}

export function prepare({ writeRepoFile }) {
  const records = [
    change(1, 'Fix \u202egnigats\u202c'),
    change(2, '</textarea><img src=x onerror=alert(1)><b>bold</b>'),
    change(3, 'W'.repeat(100_000)),
  ];
  writeRepoFile('.changetrail/changes.jsonl', records.map((r) => `${JSON.stringify(r)}\n`).join(''));
}

export async function run({ page, checks }) {
  await page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]').waitFor({ timeout: 30_000 });
  await page.locator('.activitybar a.action-label[aria-label^="ChangeTrail"]').click();
  for (const view of ['Current Change', 'File History']) {
    const header = page.locator(`.pane-header[aria-label^="${view}"]`);
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
  }
  const frame = await webviewFrame(page, 'textarea#title');

  await checks.check('hostile record titles show as stored text, in order, inside the side bar', page, async () => {
    await frame.locator('.record-title').nth(2).waitFor({ timeout: 20_000 });
    const titles = await frame.locator('.record-title').allTextContents();
    expect(titles.length === 3, `records shown: ${titles.length}`);
    expect(!titles.some((t) => BIDI.test(t)), `a bidi control is shown: ${JSON.stringify(titles.map((t) => t.slice(0, 40)))}`);
    expect(titles.some((t) => t.startsWith('Fix gnigats')), `the override title reads as stored: ${JSON.stringify(titles.map((t) => t.slice(0, 40)))}`);
    expect(titles.some((t) => t.includes('<img src=x')), 'HTML shows as text');
    expect((await frame.locator('.records img, .records b').count()) === 0, 'no element was made from a title');
    const widths = await frame.locator('body').evaluate((b) => ({ scroll: b.scrollWidth, client: b.clientWidth }));
    expect(widths.scroll <= widths.client + 1, `the page scrolls sideways: ${JSON.stringify(widths)}`);
    const tallest = Math.max(...(await frame.locator('.record-title').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))));
    expect(tallest < 80, `a 100 KB title takes ${tallest}px of the side bar`);
    await frame.locator('.record-title').first().scrollIntoViewIfNeeded();
    await checks.screenshot(page, 'checklist-hostile-records.png');
  });
}
