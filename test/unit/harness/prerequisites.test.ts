import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as p from '../../harness/prerequisites.mjs';
import type { System } from '../../harness/prerequisites.mjs';
import { projectRoot } from '../../helpers/projectRoot';

// Where the test runner and the demo look for a browser and ripgrep, on fake machines; and the
// real entry points on a machine that has neither (PATH stripped): one line, exit 1, at once.
// Before, `npm test` died with a stack trace (`executable doesn't exist at /usr/bin/chromium`,
// `Command failed: sh -c command -v rg`) and the demo check waited 180 s.

/** A machine with exactly `files` (and their folders). */
function machine(files: string[], env: Record<string, string> = {}, isRoot = false): System & { files: Set<string> } {
  const set = new Set(files);
  return {
    files: set,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...env },
    home: '/home/ana',
    isRoot,
    exists: (f) => set.has(f),
    list: (dir) => [...new Set([...set].filter((f) => f.startsWith(`${dir}/`)).map((f) => f.slice(dir.length + 1).split('/')[0]))],
  };
}

describe('prerequisites: finding a browser and ripgrep', () => {
  it('a browser: CHROME_PATH first, then PATH, then Playwright’s newest build, then Google Chrome', () => {
    assert.equal(p.findBrowser(machine(['/opt/my/chrome', '/usr/bin/chromium'], { CHROME_PATH: '/opt/my/chrome' })), '/opt/my/chrome');
    assert.equal(p.findBrowser(machine(['/usr/bin/chromium'], { CHROME_PATH: '/nope' })), '/usr/bin/chromium');
    assert.equal(p.findBrowser(machine(['/usr/local/bin/chromium-browser'])), '/usr/local/bin/chromium-browser');
    const playwright = ['/home/ana/.cache/ms-playwright/chromium-1091/chrome-linux/chrome', '/home/ana/.cache/ms-playwright/chromium-1194/chrome-linux64/chrome', '/home/ana/.cache/ms-playwright/firefox-1400/firefox/firefox'];
    assert.equal(p.findBrowser(machine(playwright)), '/home/ana/.cache/ms-playwright/chromium-1194/chrome-linux64/chrome');
    assert.equal(p.findBrowser(machine(['/srv/pw/chromium-1200/chrome-linux64/chrome'], { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' })), '/srv/pw/chromium-1200/chrome-linux64/chrome');
    assert.equal(p.findBrowser(machine(['/opt/google/chrome/chrome'])), '/opt/google/chrome/chrome');
    assert.equal(p.findBrowser(machine(['/usr/bin/chromium'], { PATH: '' })), undefined, 'nothing on an empty PATH and no other place');
  });

  it('ripgrep: PATH, else the rg that @vscode/ripgrep ships inside an installed code-server', () => {
    const shipped = '/work/.vscode-test/code-server-4.90.0/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg';
    assert.equal(p.findRipgrep(machine(['/usr/bin/rg', shipped]), ['/work/.vscode-test/code-server-4.90.0']), '/usr/bin/rg');
    assert.equal(p.findRipgrep(machine([shipped]), ['/work/.vscode-test/code-server-4.96.4', '/work/.vscode-test/code-server-4.90.0']), shipped);
    assert.equal(p.findRipgrep(machine([]), ['/work/.vscode-test/code-server-4.96.4']), undefined);
  });

  it('nothing there and no apt: one line naming the Debian packages, exit 1, no install attempted', () => {
    const lines: string[] = [];
    const exits: number[] = [];
    const ran: string[] = [];
    const result = p.ensurePrerequisites(['browser', 'ripgrep'], { sys: machine([]), run: (cmd) => void ran.push(cmd), exit: (c) => void exits.push(c), log: (l) => void lines.push(l) });
    assert.equal(result, undefined);
    assert.deepEqual(exits, [1]);
    assert.deepEqual(ran, []);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /a Chromium-based browser \(or set CHROME_PATH\), ripgrep: install them with `sudo apt-get install chromium ripgrep`/);
  });

  it('as root with apt-get: one apt-get update, then the missing packages only, then found', () => {
    const sys = machine(['/usr/bin/apt-get', '/usr/include/krb5.h'], {}, true);
    const ran: string[][] = [];
    const run = (cmd: string, args: string[]) => {
      ran.push([cmd, ...args]);
      if (args[0] === 'install') for (const f of ['/usr/bin/chromium', '/usr/bin/rg']) sys.files.add(f);
    };
    const exits: number[] = [];
    const found = p.ensurePrerequisites(['browser', 'ripgrep', 'kerberos'], { sys, run, exit: (c) => void exits.push(c), log: () => undefined });
    assert.deepEqual(ran, [['/usr/bin/apt-get', 'update', '-qq'], ['/usr/bin/apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium', 'ripgrep']]);
    assert.deepEqual(exits, []);
    assert.deepEqual(found, { browser: '/usr/bin/chromium', ripgrep: '/usr/bin/rg' });
  });

  it('as root when apt-get fails (no network): still the one line', () => {
    const lines: string[] = [];
    const exits: number[] = [];
    p.ensurePrerequisites(['browser'], { sys: machine(['/usr/bin/apt-get'], {}, true), run: () => { throw new Error('E: Unable to fetch'); }, exit: (c) => void exits.push(c), log: (l) => void lines.push(l) });
    assert.deepEqual(exits, [1]);
    assert.match(lines.at(-1) ?? '', /^changetrail: this needs a Chromium-based browser .*apt-get install chromium/);
  });

  describe('the real entry points with PATH stripped', () => {
    // An empty code-server cache: the demo must install code-server and so needs ripgrep.
    let cache: string;
    let home: string;
    before(() => {
      cache = mkdtempSync(join(tmpdir(), 'changetrail-cs-empty-'));
      home = mkdtempSync(join(tmpdir(), 'changetrail-home-'));
    });
    after(() => {
      rmSync(cache, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    });
    const bare = (script: string, extra: Record<string, string> = {}) => spawnSync(process.execPath, [script], {
      cwd: projectRoot(),
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: '', HOME: home, CHANGETRAIL_CODE_SERVER_CACHE: cache, ...extra },
    });

    for (const [script, what, env] of [
      ['test/demo/runDemo.mjs', /needs ripgrep(, the Kerberos headers)?: install them with `sudo apt-get install ripgrep( libkrb5-dev)?`/, {}],
      ['test/runAll.mjs', /a Chromium-based browser \(or set CHROME_PATH\), ripgrep(, the Kerberos headers)?: install them with `sudo apt-get install chromium ripgrep( libkrb5-dev)?`/, {}],
      ['test/harness/runUi.mjs', /a Chromium-based browser/, {}],
      ['test/harness/runDemoCheck.mjs', /a Chromium-based browser/, {}],
    ] as const) {
      it(`${script}: exits 1 with one line naming what to install`, () => {
        const r = bare(script, env);
        assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
        const lines = `${r.stdout}${r.stderr}`.trim().split('\n').filter((l) => l && !/^Demo repository created|^Reusing demo/.test(l));
        assert.equal(lines.length, 1, lines.join('\n'));
        assert.match(lines[0], what);
        assert.doesNotMatch(lines[0], /\bat .*\.mjs:\d+/, 'no stack trace');
      });
    }
  });
});
