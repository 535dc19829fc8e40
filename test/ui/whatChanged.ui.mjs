// "What Changed Before...?" as the person on call meets it: pick the environment and the system
// that broke, say when, and read the answer with its suspects and rollback steps.
import { execFileSync } from 'node:child_process';
import { TEST_NOW } from '../harness/testClock.mjs';
import { expect } from './expect.mjs';

export const title = 'what-changed';
export const settings = { 'changetrail.hooks.offerInstall': false, 'changetrail.branches.warnWithoutTicket': false };

/** A team config with an Auth system and a change log with two recent production deployments. */
export function prepare({ repoPath, writeRepoFile, readRepoFile }) {
  const sha = (ref) => execFileSync('git', ['rev-parse', ref], { cwd: repoPath, encoding: 'utf8' }).trim();
  const config = JSON.parse(readRepoFile('.changetrail/config.json'));
  config.systems = [{ name: 'Auth', paths: ['src/auth/**'], criticality: 'critical', owner: 'Team Identity', impact: ['sla'] }];
  config.freeze = { weekly: [], dates: [] };
  writeRepoFile('.changetrail/config.json', JSON.stringify(config, null, 2));
  // Times before the extension host's fixed clock (TEST_NOW), never the machine's date.
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

async function runCommand(page, name) {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input.input').fill(`>${name}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
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
    await page.locator('.monaco-editor .view-lines', { hasText: 'What changed on production' }).first().waitFor({ timeout: 30_000 });
    const text = (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    expect(/Suspects/.test(text), `answer: ${text.slice(0, 400)}`);
    // Monaco reuses line elements, so their DOM order is not the document's: match whole lines.
    expect(/1\. \*\*Lock accounts after 5 failed logins\*\*/.test(text), `Auth change not first: ${text.slice(0, 600)}`);
    expect(/git revert --no-edit --no-merges|changetrail rollback --env production --to/.test(text), `no rollback step: ${text.slice(0, 600)}`);
    await page.locator('.notifications-toasts', { hasText: 'deployment(s) on production' }).first().waitFor({ timeout: 10_000 });
    await checks.screenshot(page, 'what-changed-answer.png');
  });
}
