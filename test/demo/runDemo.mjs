// `npm run demo`: builds ChangeTrail, creates (or reuses) a demo repository with a realistic
// history, starts code-server on 127.0.0.1 with ChangeTrail loaded, and prints the URL to open.
// Ctrl-C stops everything. Options: --fresh rebuilds the demo repository; PORT picks the port.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { buildDemoRepo } from '../fixtures/demoRepo.mjs';
import { startCodeServer } from '../harness/codeServer.mjs';
import { ensureMachine } from '../harness/machine.mjs';

// No browser needed (you bring yours); ripgrep and Kerberos headers only to install code-server.
ensureMachine();

const root = resolve('.');
const repo = process.env.CHANGETRAIL_DEMO_DIR || join(root, '.demo', 'acme-accounts');
if (process.argv.includes('--fresh') || !existsSync(join(repo, '.git'))) {
  // A person looks at the demo today, so its history is dated back from the real time.
  buildDemoRepo(repo, { now: Date.now() });
  console.log(`Demo repository created: ${repo}`);
} else {
  console.log(`Reusing demo repository: ${repo} (npm run demo -- --fresh to rebuild it)`);
}

function portIsFree(port) {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => resolvePort(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
  });
}

const wanted = Number(process.env.PORT || 8080);
const port = (await portIsFree(wanted)) ? wanted : undefined;
const server = await startCodeServer({ port });
const url = server.workbenchUrl({ folder: repo, extensionPath: root });
console.log(`
ChangeTrail demo is running (VS Code 1.96 in code-server, bound to 127.0.0.1 only).

  Open: ${url}

Look for the ChangeTrail icon in the activity bar and the ticket (PROJ-123) in the status bar.
Try \`git checkout bugfix/OPS-7-crash-on-start\` in the demo repository and watch it follow.
Press Ctrl-C to stop.`);

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server...`);
  await server.stop();
  console.log('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
// Keep the process alive until a signal arrives.
setInterval(() => undefined, 1 << 30);
