import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalHttpServer, json, startLocalHttpServer } from '../helpers/localHttpServer';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

describe('impact checklist and change records (in the extension host)', function () {
  this.timeout(90_000);
  let hook: LocalHttpServer;
  let original: string;
  const configFile = () => join(workspaceRepo(), '.changetrail', 'config.json');

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    hook = await startLocalHttpServer((_req, res) => json(res, 202, { accepted: true }));
    original = readFileSync(configFile(), 'utf8');
    const config = JSON.parse(original);
    config.systems = [{ name: 'Identity', paths: ['src/auth/**'], owner: 'Identity team', criticality: 'critical' }];
    config.records = { webhook: { url: `${hook.url}/changes` } };
    writeFileSync(configFile(), JSON.stringify(config, null, 2));
    const api = await changeTrail();
    await eventually(async () => {
      await api.checklist.reload();
      return (await api.checklist.state())?.systems.map((s) => s.name).join();
    }, (names) => names === 'Identity', 'systems prefilled from the changed paths');
  });

  after(async () => {
    writeFileSync(configFile(), original);
    await hook.close();
  });

  it('prefills what the changed paths tell, and flags the critical system and the missing rollback', async () => {
    const state = (await (await changeTrail()).checklist.state())!;
    assert.deepEqual(state.tickets, ['PROJ-123']);
    assert.ok(state.diff.commits >= 2 && state.diff.files >= 2, JSON.stringify(state.diff));
    assert.match(state.answers.touches?.value ?? '', /Identity/);
    assert.equal(state.escalation, 'Incident commander');
    const flags = state.riskFlags.map((f) => f.id);
    assert.ok(flags.includes('criticalSystem') && flags.includes('noRollback'), flags.join());
    assert.equal(state.progress.complete, false);
  });

  it('refuses to submit without a rollback plan, saying so', async () => {
    const api = await changeTrail();
    await api.checklist.send({ type: 'submit' });
    const state = (await api.checklist.state())!;
    assert.ok(state.problems.some((p) => /roll/i.test(p)), state.problems.join(' | '));
    assert.equal(state.records.length, 0);
  });

  it('keeps the draft per branch across branch switches', async () => {
    const api = await changeTrail();
    await api.checklist.send({ type: 'setAnswer', questionId: 'problem', value: 'Sessions stay open for 30 minutes on shared computers.' });
    terminalGit('checkout', '-q', 'bugfix/OPS-7-crash-on-start');
    await eventually(async () => (await api.checklist.state())?.branch, (b) => b === 'bugfix/OPS-7-crash-on-start', 'switched');
    assert.equal((await api.checklist.state())?.answers.problem, undefined);
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    await eventually(async () => (await api.checklist.state())?.answers.problem?.value, (v) => v === 'Sessions stay open for 30 minutes on shared computers.', 'draft restored');
  });

  it('submits a change record to the JSONL log and, through the outbox, to the webhook', async () => {
    const api = await changeTrail();
    const answers: [string, string][] = [
      ['verification', 'Idle sessions end after 5 minutes in staging; support sees fewer shared-device reports.'],
      ['rollback', 'Revert the commit; the timeout goes back to 30 minutes. No data migration.'],
      ['notify', 'Support leads, #identity'],
      ['supportUpdates', 'FAQ "Why was I logged out?"'],
    ];
    for (const [questionId, value] of answers) await api.checklist.send({ type: 'setAnswer', questionId, value });
    await api.checklist.send({ type: 'setAnswer', questionId: 'staging', value: 'yes' });
    await api.checklist.send({ type: 'setEvidence', questionId: 'staging', evidence: 'https://ci.example.com/runs/42' });
    await api.checklist.send({ type: 'setEnvironment', environment: 'staging' });
    await api.checklist.send({ type: 'setTitle', title: 'Login timeout shortened to 5 minutes' });
    await api.checklist.send({ type: 'submit' });
    const state = (await api.checklist.state())!;
    assert.deepEqual(state.problems, []);
    assert.equal(state.records.length, 1);
    const record = JSON.parse(readFileSync(join(workspaceRepo(), '.changetrail', 'changes.jsonl'), 'utf8').trim().split('\n').pop()!);
    assert.equal(record.schema, 'changetrail/change');
    assert.deepEqual(record.tickets, ['PROJ-123']);
    assert.equal(record.title, 'Login timeout shortened to 5 minutes');
    assert.match(record.rollbackPlan, /Revert the commit/);
    assert.equal(record.environment, 'staging');
    assert.equal(record.author.name, 'Ana Ruiz');
    const delivered = await eventually(() => hook.requests.filter((r) => r.method === 'POST' && r.path === '/changes'), (r) => r.length === 1, 'webhook delivery');
    assert.equal(delivered[0].headers['idempotency-key'], `${record.id}:webhook`);
    assert.equal(JSON.parse(delivered[0].body).id, record.id);
    await eventually(async () => (await api.checklist.state())?.records[0]?.sinks.find((s) => s.sink === 'webhook')?.state ?? 'none', (s) => s === 'none' || s === 'delivered', 'webhook shown as delivered');
  });

  it('amending appends a new record that points to the old one; nothing is rewritten', async () => {
    const api = await changeTrail();
    const log = join(workspaceRepo(), '.changetrail', 'changes.jsonl');
    const before = readFileSync(log, 'utf8');
    await api.checklist.send({ type: 'setAnswer', questionId: 'notify', value: 'Support leads, #identity, customer success' });
    await api.checklist.send({ type: 'submit' });
    const after = readFileSync(log, 'utf8');
    assert.ok(after.startsWith(before), 'the earlier record is untouched');
    const [first, second] = after.trim().split('\n').slice(-2).map((l) => JSON.parse(l));
    assert.equal(second.supersedes, first.id);
  });

  it('two submits at once (a double click, the command run twice) append one record, not two', async () => {
    const api = await changeTrail();
    const log = join(workspaceRepo(), '.changetrail', 'changes.jsonl');
    const before = readFileSync(log, 'utf8');
    const last = JSON.parse(before.trim().split('\n').pop()!);
    await api.checklist.send({ type: 'setAnswer', questionId: 'notify', value: 'Support leads, #identity, customer success, the NOC' });
    // The old code checked nothing while the first submit was still reading git: both wrote a
    // record, two amendments of the same one, into a log nobody may rewrite.
    await Promise.all([api.checklist.send({ type: 'submit' }), api.checklist.send({ type: 'submit' })]);
    const added = readFileSync(log, 'utf8').slice(before.length).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.equal(added.length, 1, `records appended: ${added.map((r) => r.id).join(', ')}`);
    assert.equal(added[0].supersedes, last.id);
  });

  it('a submit right after a checkout in the terminal writes nothing, rather than a record of one branch with the commits of another', async () => {
    const api = await changeTrail();
    const log = join(workspaceRepo(), '.changetrail', 'changes.jsonl');
    const before = readFileSync(log, 'utf8');
    await api.checklist.send({ type: 'setAnswer', questionId: 'notify', value: 'Support leads and the on-call engineer' });
    assert.equal((await api.checklist.state())?.branch, 'feature/PROJ-123-login-timeout');
    // The view learns of the checkout a moment later; the old submit read HEAD's commits then and
    // wrote them, OPS-7's, into a record of branch feature/PROJ-123-login-timeout.
    terminalGit('checkout', '-q', 'bugfix/OPS-7-crash-on-start');
    try {
      await api.checklist.send({ type: 'submit' });
      const added = readFileSync(log, 'utf8').slice(before.length).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.deepEqual(added.map((r) => `${r.branch}: ${r.commits.map((c: { subject: string }) => c.subject).join(', ')}`), []);
      const problems = (await api.checklist.state())?.problems ?? [];
      assert.ok(problems.some((p) => /Not saved: this checklist is for branch feature\/PROJ-123-login-timeout, but the repository is now on branch bugfix\/OPS-7-crash-on-start/.test(p)), problems.join(' | '));
    } finally {
      terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    }
  });
});
