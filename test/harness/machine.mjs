// The one call each entry point makes before it needs the machine: the test runner, the demo and
// the integration/UI/vsix harnesses. See prerequisites.mjs for where things are looked for.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir, codeServerInstalled } from './installCodeServer.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';

/** Every code-server cache folder under .vscode-test (an older version's ripgrep serves as well). */
function codeServerDirs() {
  const parent = dirname(cacheDir);
  try {
    return [cacheDir, ...readdirSync(parent).filter((d) => d.startsWith('code-server-')).map((d) => join(parent, d))];
  } catch {
    return [cacheDir];
  }
}

/**
 * Makes sure the machine has what the caller needs, or stops the process with one line: the
 * browser when `browser`, and while code-server is not installed yet, ripgrep and Kerberos headers.
 */
export function ensureMachine({ browser = false } = {}) {
  const wanted = [...(browser ? ['browser'] : []), ...(codeServerInstalled() ? [] : ['ripgrep', 'kerberos'])];
  return ensurePrerequisites(wanted, { codeServerDirs: codeServerDirs() });
}
