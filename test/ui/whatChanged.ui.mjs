// "What Changed Before...?" as the person on call meets it: pick the environment and the system
// that broke, say when, and read the answer in the What Changed view: suspects first, each
// deployment with its actions (copy rollback command, open incident, open diff, open ticket).
import { execFileSync } from 'node:child_process';
import { TEST_NOW } from '../harness/testClock.mjs';
import { expect } from './expect.mjs';
import { runCommand } from './workbenchCommand.mjs';

export const title = 'what-changed';
export const settings = { 'changetrail.hooks.offerInstall': false, 'changetrail.branches.warnWithoutTicket': false };

/** A team config with an Auth system and a change log with two recent production deployments. */
export function prepare({ repoPath, writeRepoFile, readRepoFile }) {
  const sha = (ref) => execFileSync('git', ['rev-parse', ref], { cwd: repoPath, encoding: 'utf8' }).trim();
  const config = JSON.parse(readRepoFile('.changetrail/config.json'));
  config.systems = [{ name: 'Auth', paths: ['src/auth/**'], criticality: 'critical', owner: 'Team Identity', impact: ['sla'] }];
  config.freeze = { weekly: [], dates: [] };
  writeRepoFile('.changetrail/config.json', JSON.stringify(config, null, 2));
  // Dated back from the extension's clock (CHANGETRAIL_NOW), not the machine's: "now" in the window is TEST_NOW.
  const now = Date.parse(TEST_NOW);
  const at = (minutesAgo) => new Date(now - minutesAgo * 60_000).toISOString();
  const id = (minutesAgo, n) => {
    let t = now - minutesAgo * 60_000;
    let s = '';
    for (let i = 0; i < 10; i++, t = Math.floor(t / 32)) s = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[t % 32] + s;
    return `${s}${'0'.repeat(15)}${n}`;
  };
  const person = { name: 'Ben Okafor', email: 'ben@example.com' };
  const lockout = { schema: 'changetrail/change', version: 1, id: id(200, 1), createdAt: at(200), tickets: ['PROJ-117'], title: 'Lock accounts after 5 failed logins', description: 'Five wrong passwords lock the account; support unlocks it from the admin page.', reason: 'Credential stuffing', systems: [{ name: 'Auth', criticality: 'critical', owner: 'Team Identity' }], author: person, commits: [{ sha: sha('main~1'), subject: 'PROJ-117: Lock accounts after 5 failed logins' }], answers: {}, rollbackPlan: 'n/a', riskFlags: [{ id: 'criticalSystem', severity: 'danger', message: 'Touches Auth (critical)' }], environment: 'production' };
  const redis = { schema: 'changetrail/change', version: 1, id: id(100, 2), createdAt: at(100), tickets: ['OPS-7'], title: 'Clear message when REDIS_URL is missing', description: 'The server stops with a message instead of crashing later.', reason: 'Support could not tell why it crashed', systems: [], author: { name: 'Chen Wei', email: 'chen@example.com' }, commits: [{ sha: sha('main'), subject: 'OPS-7: Fail with a clear message' }], answers: {}, rollbackPlan: 'Redeploy the previous build', riskFlags: [], environment: 'production' };
  const d1 = { schema: 'changetrail/deployment', version: 1, id: id(180, 3), createdAt: at(180), environment: 'production', commit: sha('main~1'), previousCommit: sha('main~2'), by: person, records: [lockout.id] };
  const d2 = { schema: 'changetrail/deployment', version: 1, id: id(40, 4), createdAt: at(40), environment: 'production', commit: sha('main'), previousCommit: sha('main~1'), by: person, records: [redis.id] };
  writeRepoFile('.changetrail/changes.jsonl', [lockout, d1, redis, d2].map((e) => JSON.stringify(e)).join('\n') + '\n');
}

export async function run({ page, checks }) {
  await page.locator('[id="changetrail.changetrail.changetrail.branchTicket"]').waitFor({ timeout: 30_000 });

  await checks.check('What Changed Before...? answers with the Auth change first and the exact rollback step', page, async () => {
    await runCommand(page, 'ChangeTrail: What Changed Before...?');
    const row = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    await row('production').waitFor({ timeout: 15_000 });
    await row('production').click();
    await row('Auth').waitFor({ timeout: 10_000 });
    await row('Auth').click();
    await page.locator('.quick-input-widget input.input').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    // The answer opens in the What Changed view: deployments newest first, their changes under them, suspects first.
    const pane = page.locator('.pane', { has: page.locator('.pane-header[aria-label^="What Changed"]') });
    for (const view of ['Current Change', 'Impact Checklist', 'File History']) {
      const header = page.locator(`.pane-header[aria-label^="${view}"]`);
      if ((await header.count()) > 0 && (await header.getAttribute('aria-expanded')) === 'true') await header.click();
    }
    const rows = pane.locator('.monaco-list-row');
    await rows.filter({ hasText: 'Lock accounts after 5 failed logins' }).first().waitFor({ timeout: 30_000 });
    const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' ').replace(/\s+/g, ' '));
    const at = (re) => texts.findIndex((t) => re.test(t));
    // Two deployments, the newer (OPS-7) first; the Auth change is the top suspect, and its deployment says so.
    expect(at(/Deployment/) === 0 && at(/Clear message when REDIS_URL is missing/) < at(/Lock accounts after 5 failed logins/), `newest deployment first: ${JSON.stringify(texts)}`);
    expect(/suspect #1/.test(texts[at(/Lock accounts after 5 failed logins/)] ?? ''), `Auth change not suspect #1: ${JSON.stringify(texts)}`);
    expect(texts.filter((t) => /Deployment/.test(t)).length === 2, `two deployments: ${JSON.stringify(texts)}`);
    // Its actions sit on the row: hover the top suspect's deployment to show them.
    const suspectDeployment = rows.filter({ hasText: 'suspect #1' }).filter({ hasText: 'Deployment' }).first();
    await suspectDeployment.hover();
    await suspectDeployment.locator('.action-label[aria-label="Copy Rollback Command"]').waitFor({ timeout: 10_000 });
    expect((await suspectDeployment.locator('.action-label[aria-label="Open Incident with These Suspects"]').count()) === 1, 'no Open Incident action on the deployment row');
    // Room for the answer: fold the other views of the side bar before the screenshot.
    for (const view of ['Current Change', 'Impact Checklist', 'File History']) {
      const open = page.locator(`.pane-header[aria-label^="${view}"][aria-expanded="true"]`);
      if ((await open.count()) > 0) await open.first().click();
    }
    await rows.filter({ hasText: 'Lock accounts after 5 failed logins' }).first().waitFor({ timeout: 10_000 });
    await checks.screenshot(page, 'what-changed-answer.png');
  });
}
