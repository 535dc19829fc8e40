// What the test runner, the demo and the VS Code harnesses need from the machine, found where
// people have it or installed when we may: a Chromium-based browser (UI and integration checks),
// and, only while code-server is not installed yet, ripgrep (seeds @vscode/ripgrep, which would
// otherwise download it) and the Kerberos headers (code-server's native `kerberos` module).
// As root with apt-get, missing Debian packages are installed (one `apt-get update` first);
// otherwise one line says what to install and the process stops at once.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** How the finders see the machine; tests pass a fake one. */
export function realSystem() {
  return {
    env: process.env,
    home: homedir(),
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    exists: (p) => existsSync(p),
    list: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}

/** The first `names` found on the PATH of `sys`. */
export function onPath(sys, ...names) {
  for (const dir of (sys.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) if (sys.exists(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** A Chromium-based browser: CHROME_PATH/CHROMIUM_PATH, PATH, Playwright's browsers, Google Chrome. */
export function findBrowser(sys) {
  for (const key of ['CHROME_PATH', 'CHROMIUM_PATH']) if (sys.env[key] && sys.exists(sys.env[key])) return sys.env[key];
  const fromPath = onPath(sys, 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable');
  if (fromPath) return fromPath;
  const playwright = sys.env.PLAYWRIGHT_BROWSERS_PATH || join(sys.home, '.cache', 'ms-playwright');
  // Newest first: chromium-1194 before chromium-1091.
  const builds = sys.list(playwright).filter((d) => /^chromium-\d+$/.test(d)).sort((a, b) => Number(b.split('-')[1]) - Number(a.split('-')[1]));
  for (const build of builds) {
    for (const sub of ['chrome-linux64/chrome', 'chrome-linux/chrome']) if (sys.exists(join(playwright, build, sub))) return join(playwright, build, sub);
  }
  return ['/opt/google/chrome/chrome', '/usr/bin/google-chrome', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'].find((p) => sys.exists(p));
}

/** ripgrep: PATH, or the `rg` that @vscode/ripgrep ships inside an installed code-server. */
export function findRipgrep(sys, codeServerDirs = []) {
  const fromPath = onPath(sys, 'rg');
  if (fromPath) return fromPath;
  const inside = (dir) => join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  return [...codeServerDirs.map(inside), '/usr/lib/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg'].find((p) => sys.exists(p));
}

/** The Kerberos development headers that code-server's `kerberos` module compiles against. */
export function findKerberosHeaders(sys) {
  return ['/usr/include/krb5.h', '/usr/include/krb5/krb5.h', '/usr/local/include/krb5.h'].find((p) => sys.exists(p)) ?? onPath(sys, 'krb5-config');
}

const WANTS = {
  browser: { find: (sys) => findBrowser(sys), debian: 'chromium', words: 'a Chromium-based browser (or set CHROME_PATH)' },
  ripgrep: { find: (sys, dirs) => findRipgrep(sys, dirs), debian: 'ripgrep', words: 'ripgrep' },
  kerberos: { find: (sys) => findKerberosHeaders(sys), debian: 'libkrb5-dev', words: 'the Kerberos headers' },
};

/** What of `wanted` is missing on `sys`, as { name, debian, words }. */
export function missingPrerequisites(sys, wanted, codeServerDirs = []) {
  return wanted.filter((name) => !WANTS[name].find(sys, codeServerDirs)).map((name) => ({ name, ...WANTS[name] }));
}

/** The one line printed when something is missing and cannot be installed here. */
export function missingLine(missing) {
  const debs = missing.map((m) => m.debian).join(' ');
  return `changetrail: this needs ${missing.map((m) => m.words).join(', ')}: install them with \`sudo apt-get install ${debs}\` (Debian/Ubuntu names) and run the command again.`;
}

/**
 * Makes sure `wanted` (browser, ripgrep, kerberos) is there; installs with apt-get as root,
 * otherwise prints one line and exits 1. Returns { browser, ripgrep } paths that were found.
 */
export function ensurePrerequisites(wanted, { sys = realSystem(), codeServerDirs = [], run = execFileSync, exit = process.exit, log = console.error } = {}) {
  let missing = missingPrerequisites(sys, wanted, codeServerDirs);
  const apt = sys.isRoot && sys.env.CHANGETRAIL_NO_APT !== '1' ? onPath(sys, 'apt-get') : undefined;
  if (missing.length > 0 && apt) {
    const debs = missing.map((m) => m.debian);
    log(`changetrail: installing ${debs.join(' ')} with apt-get`);
    try {
      const env = { ...sys.env, DEBIAN_FRONTEND: 'noninteractive' };
      run(apt, ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
      run(apt, ['install', '-y', '-qq', '--no-install-recommends', ...debs], { stdio: ['ignore', 'ignore', 'inherit'], env });
    } catch {
      // Reported below as still missing.
    }
    missing = missingPrerequisites(sys, wanted, codeServerDirs);
  }
  if (missing.length > 0) {
    log(missingLine(missing));
    exit(1);
    return undefined;
  }
  return { browser: wanted.includes('browser') ? findBrowser(sys) : undefined, ripgrep: wanted.includes('ripgrep') ? findRipgrep(sys, codeServerDirs) : undefined };
}
