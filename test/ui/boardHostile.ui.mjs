// The static board over hostile record text (see runBoardUi.mjs): HTML and </script> shown as
// text, bidi overrides that would make a rollback plan read as another command, and a 100 KB title
// that is one unbroken word. Before: the What changed? card showed "run / fr- mr safe" for
// "run \u202erm -rf /\u202c safe", and the page (and the change log table) grew a million pixels wide.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const id = (n) => `01JC${String(n).padStart(22, '0')}`;
const person = { name: 'Ben Okafor', email: 'ben@example.com' };

function change(n, title, at, more = {}) {
  return { schema: 'changetrail/change', version: 1, id: id(n), createdAt: at, tickets: ['OPS-1'], title, description: 'd', reason: 'r', systems: [{ name: 'Billing', criticality: 'high' }], author: person, commits: [], answers: {}, rollbackPlan: 'redeploy', riskFlags: [], environment: 'production', ...more };
}

/** Writes a repository with hostile records and its board into `work`; returns the board's URL. */
export function hostileBoard(work, git) {
  const repo = join(work, 'hostile');
  mkdirSync(join(repo, '.changetrail'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, '.changetrail/config.json'), JSON.stringify({ environments: ['production'], systems: [{ name: 'Billing', paths: ['billing/**'] }], freeze: { timeZone: 'UTC' } }));
  const entries = [
    change(1, '</script><script>alert(1)</script><img src=x onerror=alert(2)>', '2026-11-28T11:00:00.000Z', { rollbackPlan: 'run \u202erm -rf /\u202c safe', runbook: 'javascript:alert(3)' }),
    change(2, 'W'.repeat(100_000), '2026-11-28T12:00:00.000Z', { reason: 'R'.repeat(100_000) }),
    change(3, 'isolate \u2067reversed\u2069 here', '2026-11-28T13:00:00.000Z'),
    { schema: 'changetrail/deployment', version: 1, id: id(4), createdAt: '2026-11-28T14:00:00.000Z', environment: 'production', commit: 'ab'.repeat(20), by: person, records: [id(1), id(2), id(3)] },
  ];
  // And a damaged line: the board must say it left something out.
  writeFileSync(join(repo, '.changetrail/changes.jsonl'), `${entries.map((e) => `${JSON.stringify(e)}\n`).join('')}{"schema":"changetrail/cha\n`);
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'records');
  const out = join(work, 'hostile-site');
  execFileSync(process.execPath, [resolve('dist/cli.js'), 'board', '--out', out], { cwd: repo, env: { ...process.env, CHANGETRAIL_NOW: '2026-11-30T06:00:00Z' }, stdio: 'inherit' });
  return pathToFileURL(join(out, 'index.html')).href;
}

export async function hostileBoardChecks({ browser, checks, url }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => {
    errors.push(`a dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  try {
    await checks.check('hostile text: the What changed? card shows record text as stored, without bidi overrides, within the page width; a damaged line is said', page, async () => {
      await page.goto(`${url}#changed`);
      await page.locator('body[data-ready="true"]').waitFor({ timeout: 15_000 });
      await page.fill('#changed-at', '2026-11-28T16:00');
      await page.locator('#changed-at').dispatchEvent('change');
      await page.locator('ol.suspects > li').nth(2).waitFor();
      const text = await page.locator('#changed-answer').innerText();
      expect(text.includes('</script><script>alert(1)</script><img src=x onerror=alert(2)>'), 'the HTML is shown as text');
      expect(text.includes('Rollback plan: run rm -rf / safe'), `the rollback plan reads as stored: ${text.slice(0, 400)}`);
      expect(!BIDI.test(await page.locator('body').innerText()), 'no bidi control is left on the page');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width <= 1280, `the page is ${width} px wide`);
      const alert = await page.locator('header p.danger[role="alert"]').innerText();
      expect(/^1 line of \.changetrail\/changes\.jsonl could not be read/.test(alert), `the damaged line is said: ${alert}`);
      expect(errors.length === 0, errors.join(' | '));
    });
    await checks.check('hostile text: the change log stays within the page, and its CSV holds the whole text', page, async () => {
      await page.click('#tab-log');
      await page.locator('table.log tbody tr').nth(2).waitFor();
      const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.querySelector('.table-wrap').scrollWidth));
      expect(width <= 1280, `the change log is ${width} px wide`);
      const cells = await page.locator('table.log tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[2].textContent));
      const long = cells.find((c) => c.startsWith('WWW'));
      expect(long && long.length === 500 && long.endsWith('…'), `the 100 KB title is cut in its cell (${long?.length})`);
      expect(cells.includes('isolate reversed here'), `bidi isolates are gone: ${cells.join(' | ').slice(0, 200)}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#log-csv')]);
      const { readFileSync } = await import('node:fs');
      const csv = readFileSync(await download.path(), 'utf8');
      expect(csv.includes('W'.repeat(100_000)) && csv.includes('R'.repeat(100_000)), 'the CSV has the whole title and reason');
      expect(!BIDI.test(csv), 'the CSV has what the page shows: no bidi control');
      await checks.screenshot(page, 'board-hostile-change-log.png');
      expect(errors.length === 0, errors.join(' | '));
    });
  } finally {
    await context.close();
  }
}
