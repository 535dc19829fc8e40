// UI checks of the static change board: `changetrail board` (the built dist/cli.js) writes a site
// from a generated 90-day log in a real repository, Chromium opens it from file:// and a person's
// steps are checked: the what-changed answer, search and filters, the CSV download, charts drawn
// with data, keyboard use, axe-core, and screenshots in light and dark. Prints `N passed, N failed`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { boardLogText } from '../fixtures/board/boardLog.mjs';
import { launchChromium } from './browser.mjs';
import { ensureMachine } from './machine.mjs';
import { boardChecks } from '../ui/board.ui.mjs';
import { hostileBoard, hostileBoardChecks } from '../ui/boardHostile.ui.mjs';
import { createCheckRunner } from '../ui/uiCheck.mjs';

ensureMachine({ browser: true });

const NOW = '2026-11-30T06:00:00Z';
const work = mkdtempSync(join(tmpdir(), 'changetrail-board-'));
const repo = join(work, 'ops');
const out = join(work, 'site');
const gitIn = (cwd, ...args) => execFileSync('git', args, { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Ana', GIT_AUTHOR_EMAIL: 'ana@example.com', GIT_COMMITTER_NAME: 'Ana', GIT_COMMITTER_EMAIL: 'ana@example.com' }, encoding: 'utf8' });
const git = (...args) => gitIn(repo, ...args);
mkdirSync(join(repo, '.changetrail'), { recursive: true });
git('init', '-q', '-b', 'main');
writeFileSync(join(repo, '.changetrail/config.json'), JSON.stringify({ environments: ['staging', 'production'], systems: [{ name: 'Billing', paths: ['billing/**'], criticality: 'critical' }, { name: 'Login', paths: ['login/**'] }, { name: 'Search', paths: ['search/**'] }, { name: 'POS', paths: ['pos/**'] }], freeze: { timeZone: 'Europe/Madrid' }, tickets: { urlTemplate: 'https://acme.atlassian.net/browse/{ticket}' } }));
writeFileSync(join(repo, '.changetrail/changes.jsonl'), boardLogText({ end: Date.parse(NOW), days: 120, perDay: 200 }));
git('add', '.');
git('commit', '-qm', 'records');
execFileSync(process.execPath, [resolve('dist/cli.js'), 'board', '--out', out, '--title', 'Acme change board'], { cwd: repo, env: { ...process.env, CHANGETRAIL_NOW: NOW }, stdio: 'inherit' });

let passed = 0;
let failed = 0;
const browser = await launchChromium();
try {
  for (const scheme of ['light', 'dark']) {
    console.log(`board (${scheme})`);
    const checks = createCheckRunner(`board-${scheme}`);
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    try {
      await boardChecks({ page, checks, scheme, url: pathToFileURL(join(out, 'index.html')).href, errors, readFile: (p) => readFileSync(p, 'utf8') });
    } finally {
      await context.close();
    }
    const s = checks.summary();
    passed += s.passed;
    failed += s.failed;
  }
  console.log('board (hostile record text)');
  const checks = createCheckRunner('board-hostile');
  await hostileBoardChecks({ browser, checks, url: hostileBoard(work, gitIn) });
  const s = checks.summary();
  passed += s.passed;
  failed += s.failed;
} finally {
  await browser.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(`board: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
