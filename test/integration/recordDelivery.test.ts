import * as assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { changeRecord } from '../fixtures/notes/sampleNotes';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

/** Everything the ChangeTrail log channel wrote in this run. */
function changeTrailLog(logFolder: string): string {
  const logs = dirname(dirname(logFolder));
  return (readdirSync(logs, { recursive: true }) as string[]).filter((f) => /ChangeTrail\.log$/.test(f)).map((f) => readFileSync(join(logs, f), 'utf8')).join('\n');
}

// Issue 10 items 5, 6 and 10: the change log's true delivery state, no silent amendments, and a
// log that says what happened.
describe('change records reach others: true state of the change log (issue 10)', function () {
  this.timeout(90_000);
  let logBefore: string | undefined;
  const logFile = () => join(workspaceRepo(), '.changetrail', 'changes.jsonl');
  const branch = 'bugfix/OPS-7-crash-on-start';

  before(async () => {
    terminalGit('checkout', '-q', branch);
    logBefore = existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : undefined;
    const api = await changeTrail();
    await eventually(async () => {
      await api.checklist.reload();
      return (await api.checklist.state())?.branch;
    }, (b) => b === branch, 'checklist on the bugfix branch');
  });

  after(async () => {
    terminalGit('reset', '-q', '--hard', 'HEAD');
    if (logBefore === undefined) rmSync(logFile(), { force: true });
    else writeFileSync(logFile(), logBefore);
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
  });

  it('says "written locally" for a record in an untracked log, not "delivered"; staging and committing change what it says', async () => {
    const api = await changeTrail();
    const answers: [string, string][] = [
      ['problem', 'The service crashed on start with a stack trace nobody could read.'],
      ['verification', 'Started without REDIS_URL in staging: one clear line, exit code 1.'],
      ['rollback', 'Revert the commit. No data migration.'],
      ['notify', 'Platform on-call'],
      ['supportUpdates', 'None'],
    ];
    for (const [questionId, value] of answers) await api.checklist.send({ type: 'setAnswer', questionId, value });
    await api.checklist.send({ type: 'setAnswer', questionId: 'staging', value: 'yes' });
    await api.checklist.send({ type: 'setEvidence', questionId: 'staging', evidence: 'https://ci.example.com/runs/7' });
    await api.checklist.send({ type: 'setEnvironment', environment: 'staging' });
    await api.checklist.send({ type: 'setTitle', title: 'Clear message when REDIS_URL is missing' });
    await api.checklist.send({ type: 'submit' });
    const state = (await api.checklist.state())!;
    assert.deepEqual(state.problems, []);
    const sink = state.records[0]?.sinks.find((s) => s.sink === 'Change log');
    // The old code said "delivered" in green while the log was untracked.
    assert.equal(sink?.state, 'local', JSON.stringify(sink));
    assert.match(sink?.detail ?? '', /this machine only/);

    const staged = await vscode.commands.executeCommand<string>('changetrail.stageChangeLog');
    assert.equal(staged, '.changetrail/changes.jsonl');
    assert.match(terminalGit('status', '--porcelain', '--', staged), /^A /);
    terminalGit('commit', '-q', '--no-verify', '-m', 'OPS-7: change record');
    const committed = await eventually(async () => (await api.checklist.state())?.records[0]?.sinks.find((s) => s.sink === 'Change log'), (s) => s?.state === 'committed', 'committed state');
    assert.match(committed?.detail ?? '', /no upstream|not pushed/);
    terminalGit('reset', '-q', '--soft', 'HEAD~1');
    terminalGit('reset', '-q', '--', staged);
  });

  it('File History shows the record: answers under their question, and the Change record row opens it (item 8)', async () => {
    const api = await changeTrail();
    // The bugfix branch is merged, so its checklist's record names no commit: add one that does.
    const sha = terminalGit('log', '-1', '--format=%H', branch).trim();
    const record = changeRecord({ id: '01JP5Z000000000000000000R8', title: 'Clear message when REDIS_URL is missing', tickets: ['OPS-7'], branch, commits: [{ sha, subject: 'OPS-7: Fail with a clear message when REDIS_URL is missing' }], answers: { supportUpdates: { value: 'FAQ "The service does not start"' } } });
    appendFileSync(logFile(), `${JSON.stringify(record)}\n`);
    const file = vscode.Uri.file(join(workspaceRepo(), 'src', 'server.ts'));
    await api.history.show(file);
    const rows = await eventually(() => api.history.rows(), (r) => r.some((x) => x.kind === 'commit' && 'record' in x && x.record !== undefined), 'a commit row with its record');
    const row = rows.find((x) => x.kind === 'commit' && 'record' in x && x.record !== undefined) as { sha: string };
    const details = await api.history.details(row.sha);
    const labels = details.map((d) => d.label);
    assert.ok(labels.includes('Which support scripts, FAQs or alerting rules need an update?'), labels.join(' | '));
    assert.ok(!labels.includes('supportUpdates'), 'no raw answer ids');
    assert.equal(details.find((d) => d.label === 'Change record')?.command, 'changetrail.history.openRecord');
  });

  it('submitting the unchanged checklist again appends no amendment, and says so', async () => {
    const api = await changeTrail();
    const before = readFileSync(logFile(), 'utf8');
    await api.checklist.send({ type: 'submit' });
    assert.equal(readFileSync(logFile(), 'utf8'), before, 'nothing appended');
    const state = (await api.checklist.state())!;
    assert.ok(state.problems.some((p) => /Nothing changed since change record/.test(p)), state.problems.join(' | '));
  });

  it('the ChangeTrail log records the submit at info level and every command failure with its command and reason', async () => {
    const api = await changeTrail();
    // Not awaited: the command's error message waits for the person to close it.
    void vscode.commands.executeCommand('changetrail.recordDeployment', { environment: 'staging', ref: 'no-such-ref', confirm: true });
    const text = await eventually(() => changeTrailLog(api.logFolder), (t) => /changetrail\.recordDeployment failed: .*no-such-ref/.test(t), 'failure logged');
    assert.match(text, /\[info\] Change record [0-9A-Z]{26} submitted for bugfix\/OPS-7-crash-on-start/);
  });
});
