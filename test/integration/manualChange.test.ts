import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

interface Recorded {
  readonly id: string;
  readonly schema: string;
  readonly origin?: string;
  readonly title: string;
  readonly reason: string;
  readonly rollbackPlan: string;
  readonly environment?: string;
  readonly createdAt: string;
  readonly commits: readonly unknown[];
  readonly systems: readonly { name: string }[];
  readonly riskFlags: readonly { id: string }[];
  readonly freezeOverride?: { reason: string };
}

/** Everything the ChangeTrail log channel wrote in this run. */
function changeTrailLog(logFolder: string): string {
  const logs = dirname(dirname(logFolder));
  return (readdirSync(logs, { recursive: true }) as string[]).filter((f) => /ChangeTrail\.log$/.test(f)).map((f) => readFileSync(join(logs, f), 'utf8')).join('\n');
}

// Issue 19 item 2: ChangeTrail: Record a Change Outside Git... in the real extension host, at the
// harness's fixed clock (CHANGETRAIL_NOW: Tuesday 2026-11-24 10:00 UTC).
describe('Record a Change Outside Git... (issue 19)', function () {
  this.timeout(90_000);
  let logBefore: string | undefined;
  let original: string;
  const logFile = () => join(workspaceRepo(), '.changetrail', 'changes.jsonl');
  const configFile = () => join(workspaceRepo(), '.changetrail', 'config.json');
  const log = () => (existsSync(logFile()) ? readFileSync(logFile(), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Recorded) : []);
  const args = { systems: ['POS'], title: 'Scanner driver 4.2 on all tills', why: 'the new scanners need it', rollback: 'reinstall driver 4.1 from the share', environment: 'production' };

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    logBefore = existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : undefined;
    original = readFileSync(configFile(), 'utf8');
    await changeTrail();
  });

  after(async () => {
    writeFileSync(configFile(), original);
    // The next suites start from the demo config, as they expect.
    const api = await changeTrail();
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) PROJ-123', 'the demo team config back');
    // Other suites share this repository: take this suite's entries back out of the log.
    if (logBefore === undefined) rmSync(logFile(), { force: true });
    else writeFileSync(logFile(), logBefore);
  });

  it('records the change with no commits, marked manual, at the fixed clock', async () => {
    const record = await eventually(
      async () => vscode.commands.executeCommand<Recorded | undefined>('changetrail.recordManualChange', args),
      (r) => r !== undefined,
      'the extension sees the repository',
    );
    assert.equal(record?.origin, 'manual');
    const written = log().filter((e) => e.schema === 'changetrail/change' && e.origin === 'manual');
    assert.equal(written.length, 1, 'one record in the change log');
    const [entry] = written;
    assert.equal(entry.id, record?.id);
    assert.deepEqual([entry.title, entry.reason, entry.rollbackPlan, entry.environment], [args.title, args.why, args.rollback, 'production']);
    assert.deepEqual(entry.commits, []);
    assert.deepEqual(entry.systems.map((s) => s.name), ['POS']);
    // The services' clock starts at CHANGETRAIL_NOW (2026-11-24T10:00Z) and runs on from there: a
    // slow suite reaches this minutes later, the real date is days away.
    const at = Date.parse(entry.createdAt) - Date.parse('2026-11-24T10:00:00Z');
    assert.ok(at >= 0 && at < 30 * 60_000, `the services clock (CHANGETRAIL_NOW), not the real time: ${entry.createdAt}`);
    assert.equal(entry.freezeOverride, undefined, 'Tuesday 10:00 is outside any freeze');
  });

  it('inside a freeze window asks why it could not wait, records nothing when dismissed, keeps the reason when given', async () => {
    const api = await changeTrail();
    const config = JSON.parse(original);
    config.freeze = { weekly: [], dates: [{ from: '2026-11-23', to: '2026-11-25', reason: 'integration freeze' }], timeZone: 'UTC' };
    // Dropping PROJ from the projects is only a marker: the status bar reads the same snapshot of
    // the team config as the command, so once it stops showing PROJ-123 the command sees the freeze.
    config.tickets = { ...config.tickets, projects: ['OPS'] };
    writeFileSync(configFile(), JSON.stringify(config, null, 2));
    await eventually(() => api.statusBarItem().text, (t) => t === '$(tag) No ticket', 'the new team config in the snapshot');
    const before = log().length;

    let settled = false;
    const asked = Promise.resolve(vscode.commands.executeCommand<Recorded | undefined>('changetrail.recordManualChange', { ...args, title: 'DNS: MX record moved' })).finally(() => (settled = true));
    await eventually(() => changeTrailLog(api.logFolder), (t) => t.includes('production is in a freeze window: asking why the change outside git could not wait'), 'the reason is asked for');
    assert.equal(settled, false, 'the command waits for the reason');
    await eventually(async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      return settled;
    }, Boolean, 'the prompt dismissed');
    assert.equal(await asked, undefined);
    assert.equal(log().length, before, 'nothing recorded without a reason');

    const record = await vscode.commands.executeCommand<Recorded | undefined>('changetrail.recordManualChange', { ...args, title: 'DNS: MX record moved', overrideReason: 'mail bounced for every customer' });
    assert.equal(record?.freezeOverride?.reason, 'mail bounced for every customer');
    const last = log().at(-1);
    assert.equal(last?.id, record?.id);
    assert.equal(last?.freezeOverride?.reason, 'mail bounced for every customer');
    assert.ok(last?.riskFlags.some((f) => f.id === 'freezeWindow'), 'the record keeps the freeze flag');
  });
});
