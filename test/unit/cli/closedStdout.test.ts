import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestRepo, createTestRepo, testGitEnv } from '../../helpers/createTestRepo';
import { projectRoot } from '../../helpers/projectRoot';

// `changetrail incident open ... | head -1` used to print an EPIPE stack trace and exit 1 after the
// record was written, so a script retried and recorded the incident twice. With the reader gone the
// CLI stops writing quietly and exits with the code of the work.

const cli = join(projectRoot(), 'dist', 'cli.js');

/** Runs the built CLI with its stdout pipe closed by the reader before the CLI writes anything. */
function runWithStdoutClosed(cwd: string, args: readonly string[], now = '2026-11-24T10:00:00Z'): Promise<{ code: number | null; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: testGitEnv({ CHANGETRAIL_NOW: now }) });
    // Closed at once: node takes tens of milliseconds to start, so every write the CLI makes meets a closed pipe.
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, err }));
  });
}

describe('the CLI with its stdout closed early (| head -1)', function () {
  this.timeout(60_000);
  let repo: TestRepo;
  beforeEach(() => {
    repo = createTestRepo();
    repo.commit('config', { '.changetrail/config.json': JSON.stringify({ systems: [{ name: 'Billing', paths: ['billing/**'] }], freeze: { timeZone: 'UTC' } }) });
  });
  afterEach(() => repo.dispose());

  const logLines = () => readFileSync(join(repo.path, '.changetrail/changes.jsonl'), 'utf8').split('\n').filter(Boolean);

  it('record: the record is written once, exit 0, no stack trace', async () => {
    const r = await runWithStdoutClosed(repo.path, ['record', '--system', 'Billing', '--title', 'Raise the card limit', '--why', 'support asked', '--rollback', 'set it back', '--by', 'Ana Ruiz <ana@example.com>']);
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /EPIPE|Error|    at /);
    assert.equal(logLines().length, 1);
  });

  it('export (written straight to stdout): exit 0, no stack trace, the manifest still on stderr', async () => {
    repo.write('.changetrail/changes.jsonl', '');
    const recorded = await runWithStdoutClosed(repo.path, ['record', '--system', 'Billing', '--title', 'A change', '--why', 'x', '--rollback', 'y', '--by', 'Ana Ruiz <ana@example.com>']);
    assert.equal(recorded.code, 0, recorded.err);
    // An hour later: each process's fixed clock starts anew, and the export ends at its "now".
    const r = await runWithStdoutClosed(repo.path, ['export', '--since', '2026-11-01', '--until', '2026-11-25'], '2026-11-24T11:00:00Z');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /EPIPE|Error|    at /);
    assert.match(r.err, /"rows": 1/);
  });
});
