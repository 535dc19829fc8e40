// Checks of the static change board as support, a leader and an auditor use it (see runBoardUi.mjs).
import { readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Reads RFC 4180 text back into rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

async function axeClean(page, what, errors) {
  const before = errors.length;
  // The board's CSP allows no inline script, so axe goes in through the DevTools protocol.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(readFileSync(resolve('node_modules/axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target}`);
  });
  // axe itself tries to read the stylesheets over the network, which the board's CSP refuses: that refusal is the CSP working.
  errors.splice(before, errors.length - before, ...errors.slice(before).filter((e) => !/connect-src/.test(e)));
  expect(result.length === 0, `axe-core found on ${what}: ${result.join('; ')}`);
}

export async function boardChecks({ page, checks, scheme, url, errors }) {
  await checks.check(`${scheme}: the board opens from file:// with its first answer`, page, async () => {
    await page.goto(`${url}#changed`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 15_000 });
    await page.locator('#changed-answer').waitFor();
    await page.locator('h1', { hasText: 'Acme change board' }).waitFor();
    expect(errors.length === 0, `page errors: ${errors.join(' | ')}`);
  });

  await checks.check(`${scheme}: What changed? ranks the Billing suspects first and gives the rollback step`, page, async () => {
    await page.selectOption('#changed-env', 'production');
    await page.selectOption('#changed-system', 'Billing');
    await page.fill('#changed-at', '2026-11-27T08:00');
    await page.locator('#changed-at').dispatchEvent('change');
    const first = page.locator('ol.suspects > li').first();
    await first.waitFor();
    const text = await first.innerText();
    expect(/touches Billing/.test(text), `first suspect: ${text}`);
    expect(/Why suspect: /.test(text), `the reasons are given: ${text}`);
    const systems = await page.locator('ol.suspects > li .meta').evaluateAll((els) => els.map((e) => e.textContent));
    const firstOther = systems.findIndex((s) => !/Billing/.test(s));
    expect(firstOther === -1 || systems.slice(firstOther).every((s) => !/Billing/.test(s)), 'every Billing change ranks above every other change');
    const steps = await page.locator('ol.deployments > li').evaluateAll((lis) => lis.map((li) => [li.querySelector('strong').textContent, li.querySelector('code.rollback-step').textContent]));
    const deploy = steps.find(([head]) => / deployment of /.test(head));
    expect(deploy && /^Redeploy [0-9a-f]{40} \(what ran before\)$/.test(deploy[1]), `rollback step of a deployment: ${deploy}`);
    const rollback = steps.find(([head]) => / rollback of /.test(head));
    expect(!rollback || /^Redeploy [0-9a-f]{40} \(undoes this rollback\)$/.test(rollback[1]), `rollback step of a rollback: ${rollback}`);
    await checks.screenshot(page, `board-${scheme}-what-changed.png`);
  });

  await checks.check(`${scheme}: the change log searches, filters, sorts, and the CSV holds exactly the rows shown`, page, async () => {
    await page.click('#tab-log');
    await page.locator('table.log tbody tr').first().waitFor();
    await page.fill('#log-search', 'invoices');
    await page.selectOption('#log-system', 'Billing');
    const count = await page.locator('#log-count').innerText();
    const rows = page.locator('table.log tbody tr');
    const n = await rows.count();
    expect(n > 0 && n <= 200, `rows shown: ${n} (${count})`);
    const reasons = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[4].textContent));
    expect(reasons.every((r) => /invoices/.test(r)), 'every row found by the search mentions invoices');
    const systems = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[1].textContent));
    expect(systems.every((s) => s === 'Billing'), `filtered to Billing: ${[...new Set(systems)].join(',')}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#log-csv')]);
    const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(csv[0].join('|') === 'Date|System|Change|Who|Reason|Rollback plan|Ticket|Environment|Risk', `CSV header: ${csv[0]}`);
    expect(JSON.stringify(csv.slice(1)) === JSON.stringify(shown), `CSV rows (${csv.length - 1}) equal the table rows (${shown.length})`);
    await page.click('table.log th:nth-child(3) button');
    const sorted = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[2].textContent));
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
    expect(JSON.stringify(sorted) === JSON.stringify([...sorted].sort((a, b) => collator.compare(a, b))), 'sorted by change, ascending, numbers as numbers');
    await checks.screenshot(page, `board-${scheme}-change-log.png`);
    await axeClean(page, 'the change log', errors);
  });

  await checks.check(`${scheme}: the metrics charts are drawn with data, with bands and definitions`, page, async () => {
    await page.click('#tab-metrics');
    for (const id of ['freq', 'cfr', 'ttr', 'lead', 'uptime']) {
      const canvas = page.locator(`#chart-${id} canvas`);
      await canvas.waitFor();
      const inked = await canvas.evaluate((c) => {
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n;
      });
      expect(inked > 500, `chart ${id} has ${inked} painted pixels`);
    }
    const current = await page.locator('section.chart .current').first().innerText();
    expect(/a week/.test(current) && /(elite|high|medium|low)/.test(current), `current value with its band: ${current}`);
    await page.locator('dl.definitions dt', { hasText: 'Change failure rate' }).waitFor();
    await checks.screenshot(page, `board-${scheme}-metrics.png`);
    await axeClean(page, 'the metrics page', errors);
  });

  await checks.check(`${scheme}: the timeline shades freeze windows and marks deployments, rollbacks and incidents`, page, async () => {
    await page.click('#tab-timeline');
    await page.locator('#timeline-view svg').waitFor();
    const counts = await page.evaluate(() => ({
      freeze: document.querySelectorAll('svg .freeze').length,
      deploy: document.querySelectorAll('svg circle.deploy').length,
      rollback: document.querySelectorAll('svg path.rollback').length,
      incident: document.querySelectorAll('svg .incident').length,
    }));
    expect(counts.freeze >= 2 && counts.deploy >= 20 && counts.rollback >= 1 && counts.incident >= 1, JSON.stringify(counts));
    await checks.screenshot(page, `board-${scheme}-timeline.png`);
  });

  await checks.check(`${scheme}: incidents and lessons are searchable, and older months load when asked`, page, async () => {
    await page.click('#tab-incidents');
    await page.fill('#incident-search', 'tax rounding');
    const items = await page.locator('ol.incidents > li').count();
    expect(items >= 3, `incidents found: ${items}`);
    await page.click('#tab-log');
    await page.fill('#log-search', '');
    const before = await page.locator('#log-count').innerText();
    await page.click('button:has-text("Load an older month")');
    await page.waitForFunction((b) => document.querySelector('#log-count')?.textContent !== b, before);
  });

  await checks.check(`${scheme}: a month script that cannot be loaded is said, and the month comes whole once it can`, page, async () => {
    // The first month the page does not load at start, with its meta script gone for a while.
    const site = dirname(fileURLToPath(url));
    const listed = [];
    new Function('window', readFileSync(join(site, 'data', 'index.js'), 'utf8'))({ ChangeTrailBoard: listed });
    const month = listed[0].months[3];
    expect(month?.meta, `a fourth month with a meta script: ${JSON.stringify(listed[0].months.map((m) => m.key))}`);
    const meta = join(site, month.meta);
    renameSync(meta, `${meta}.away`);
    try {
      // A fresh page: the earlier check loaded this month already.
      await page.goto('about:blank');
      await page.goto(`${url}#log`);
      await page.locator('body[data-ready="true"]').waitFor();
      // "18,013 changes, 200 shown": the first number.
      const counted = async () => Number(/[\d,]+/.exec(await page.locator('#log-count').innerText())[0].replace(/,/g, ''));
      const before = await counted();
      const mark = errors.length;
      await page.click('button:has-text("Load an older month")');
      await page.locator('#board-problems [role="alert"]', { hasText: `${month.meta} could not be loaded` }).waitFor();
      expect((await counted()) === before, 'nothing of the month is shown while its meta is missing');
      await checks.screenshot(page, `board-${scheme}-missing-month.png`);
      // The browser's own line about the missing file is what this check causes.
      errors.splice(mark, errors.length - mark, ...errors.slice(mark).filter((e) => !/Failed to load resource|ERR_FILE_NOT_FOUND/.test(e)));
      renameSync(`${meta}.away`, meta);
      await page.click('button:has-text("Load an older month")');
      await page.waitForFunction((b) => Number(/[\d,]+/.exec(document.querySelector('#log-count')?.textContent ?? '')?.[0].replace(/,/g, '')) !== b, before);
      const after = await counted();
      expect(after === before + month.changes, `the month's ${month.changes} changes are added once: ${before} -> ${after}`);
      expect((await page.locator('#board-problems [role="alert"]').count()) === 0, 'the problem is no longer said once the month is shown');
    } finally {
      try {
        renameSync(`${meta}.away`, meta);
      } catch {
        // already back
      }
    }
  });

  await checks.check(`${scheme}: the tabs work from the keyboard, and the page prints without its controls`, page, async () => {
    await page.goto(`${url}#changed`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.focus('#tab-changed');
    await page.keyboard.press('ArrowRight');
    // The page changes on hashchange, which fires after the hash is set: wait for the tab itself.
    await page.waitForFunction(() => location.hash === '#timeline' && document.querySelector('#tab-timeline')?.getAttribute('aria-selected') === 'true');
    expect(await page.evaluate(() => document.activeElement?.id === 'tab-timeline'), 'focus follows');
    await axeClean(page, 'the timeline', errors);
    await page.keyboard.press('End');
    await page.waitForFunction(() => location.hash === '#week' && document.querySelector('#tab-week')?.getAttribute('aria-selected') === 'true');
    await page.click('#tab-metrics');
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() => getComputedStyle(document.querySelector('nav')).display === 'none' && getComputedStyle(document.querySelector('.controls')).display === 'none');
    expect(hidden, 'navigation and controls are hidden in print');
    await checks.screenshot(page, `board-${scheme}-print.png`);
    await page.emulateMedia({ media: 'screen' });
    expect(errors.length === 0, `page errors: ${errors.join(' | ')}`);
  });
}
