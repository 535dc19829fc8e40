// Starts code-server (a real VS Code 1.96 server and web workbench) for one run, with its own
// HOME, user data, extensions folder and a free port on 127.0.0.1. See ../shared/VSCODE-TESTS.md.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer } from './installCodeServer.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'always',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
};

/**
 * Starts code-server. `settings` are merged into the user settings; `port` may be fixed (demo);
 * `workspaceTrust` turns Workspace Trust on, so folders open in restricted mode.
 * Returns the origin, a workbench URL builder and stop(), which kills the whole process group.
 */
export async function startCodeServer({ env = {}, settings = {}, port, extensionsDir, keep = false, quiet = true, workspaceTrust = false } = {}) {
  const entry = ensureCodeServer();
  const tmp = mkdtempSync(join(tmpdir(), 'changetrail-cs-'));
  const home = join(tmp, 'home');
  const userData = join(tmp, 'user-data');
  const exts = extensionsDir ?? join(tmp, 'extensions');
  for (const d of [home, join(userData, 'User'), exts]) mkdirSync(d, { recursive: true });
  const trust = workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...trust, ...settings }, null, 2));
  writeFileSync(join(tmp, 'cs.yaml'), 'auth: none\ncert: false\n');
  const chosenPort = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [
      entry,
      '--config', join(tmp, 'cs.yaml'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${chosenPort}`,
      '--disable-telemetry',
      '--disable-update-check',
      // With workspaceTrust a folder opens untrusted (restricted mode) until trusted in the UI.
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      '--user-data-dir', userData,
      '--extensions-dir', exts,
      '--ignore-last-opened',
    ],
    {
      detached: true,
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'],
      env: {
        ...process.env,
        HOME: home,
        XDG_CONFIG_HOME: join(home, '.config'),
        XDG_DATA_HOME: join(home, '.local', 'share'),
        XDG_CACHE_HOME: join(home, '.cache'),
        EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
        ...env,
      },
    },
  );
  const origin = `http://127.0.0.1:${chosenPort}`;
  let exited = false;
  child.on('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error('code-server exited during start-up');
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    origin,
    port: chosenPort,
    tmp,
    extensionsDir: exts,
    /** Workbench URL for `folder`, loading the extension at `extensionPath` (and tests, when given). */
    workbenchUrl({ folder, extensionPath, testsPath }) {
      const remote = (p) => `vscode-remote://127.0.0.1:${chosenPort}${p}`;
      const payload = [];
      if (extensionPath) payload.push(['extensionDevelopmentPath', remote(extensionPath)]);
      if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
      const query = new URLSearchParams({ folder });
      if (payload.length) query.set('payload', JSON.stringify(payload));
      return `${origin}/?${query.toString()}`;
    },
    async stop() {
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const until = Date.now() + 5000;
        while (!exited && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
        if (!exited) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      if (!keep) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
