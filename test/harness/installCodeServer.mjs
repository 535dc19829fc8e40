// Installs code-server 4.96.4 (VS Code 1.96 server + web workbench) into an ignored cache
// folder, using only the npm registry. See ../shared/VSCODE-TESTS.md for why each step exists.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRipgrep, missingLine, missingPrerequisites, realSystem } from './prerequisites.mjs';

export const CODE_SERVER_VERSION = '4.96.4';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// CHANGETRAIL_CODE_SERVER_CACHE moves it (a test uses an empty one to see a bare machine).
export const cacheDir = process.env.CHANGETRAIL_CODE_SERVER_CACHE || join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
export const entryPath = join(cacheDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const doneMarker = join(cacheDir, '.installed');

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

function registry() {
  const value = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim();
  return value.endsWith('/') ? value : `${value}/`;
}

/** Whether code-server is installed in the cache folder. */
export function codeServerInstalled() {
  return existsSync(doneMarker) && existsSync(entryPath);
}

/** Returns the path of code-server's entry script, installing it first when missing. */
export function ensureCodeServer() {
  if (codeServerInstalled()) return entryPath;
  const missing = missingPrerequisites(realSystem(), ['ripgrep', 'kerberos'], [cacheDir]);
  if (missing.length > 0) throw new Error(missingLine(missing));
  const started = Date.now();
  console.log(`[code-server] installing ${CODE_SERVER_VERSION} into ${cacheDir}`);
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'cs-cache', private: true }));
  run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: cacheDir });

  // The shrinkwrap pins @vscode/proxy-agent to a git URL; the registry tarball has the same integrity.
  const shrinkwrap = join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode', 'npm-shrinkwrap.json');
  const sw = JSON.parse(readFileSync(shrinkwrap, 'utf8'));
  for (const [key, entry] of Object.entries(sw.packages ?? {})) {
    if (key.endsWith('node_modules/@vscode/proxy-agent') && String(entry.resolved ?? '').startsWith('git')) {
      entry.resolved = `${registry()}@vscode/proxy-agent/-/proxy-agent-${entry.version}.tgz`;
    }
  }
  writeFileSync(shrinkwrap, JSON.stringify(sw, null, 2));

  // @vscode/ripgrep looks in this cache before downloading: seed it with Debian's rg.
  const tmp = process.env.TMPDIR || tmpdir();
  const rgCache = join(tmp, 'vscode-ripgrep-cache-1.15.9');
  mkdirSync(rgCache, { recursive: true });
  const rg = findRipgrep(realSystem(), [cacheDir]);
  run('tar', ['czf', join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz'), '-C', dirname(rg), 'rg']);

  run('npm', ['rebuild', '--foreground-scripts'], {
    cwd: cacheDir,
    env: { ...process.env, npm_config_unsafe_perm: 'true' },
  });
  if (!existsSync(entryPath)) throw new Error(`code-server entry missing after install: ${entryPath}`);
  writeFileSync(doneMarker, new Date().toISOString());
  console.log(`[code-server] installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return entryPath;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureCodeServer();
