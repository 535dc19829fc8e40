import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { type FakeJira, JIRA_SERVER_TOKEN, startFakeJira } from '../fixtures/trackers/fakeJira';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

// A fake Jira Data Center on 127.0.0.1, speaking Jira's documented shapes, runs inside the
// extension host's test process; the extension reaches it through its real HTTP client.
describe('a remote tracker (fake Jira Data Center on 127.0.0.1)', function () {
  this.timeout(60_000);
  let jira: FakeJira;
  let original: string;
  const configFile = () => join(workspaceRepo(), '.changetrail', 'config.json');

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    jira = await startFakeJira({ flavour: 'server' });
    original = readFileSync(configFile(), 'utf8');
    const config = JSON.parse(original);
    config.trackers = [{ type: 'jira-server', id: 'jira', baseUrl: jira.baseUrl }, { type: 'local' }];
    writeFileSync(configFile(), JSON.stringify(config, null, 2));
    await changeTrail();
  });

  /** Signs in once the extension has read the new config (the file watcher needs a moment). */
  const signIn = (token: string) =>
    eventually(async () => {
      await (await changeTrail()).branchTicket(); // re-reads the team config
      return vscode.commands.executeCommand<string | undefined>('changetrail.signInToTracker', 'jira', token);
    }, (label) => label !== undefined, 'sign in to the configured tracker');

  after(async () => {
    writeFileSync(configFile(), original);
    await vscode.commands.executeCommand('changetrail.signOutOfTracker', 'jira');
    await jira.close();
  });

  it('a wrong token caches nothing from the tracker, and says why', async () => {
    const api = await changeTrail();
    await signIn('not-the-token-0000');
    const before = await api.ticketCount();
    assert.equal(jira.requests.filter((r) => r.headers.authorization === 'Bearer not-the-token-0000').length > 0, true, 'the tracker was asked');
    assert.ok(before < 12, `no remote tickets expected, got ${before}`);
  });

  it('signing in caches the tracker\'s tickets; completion offers them with status and assignee', async () => {
    const api = await changeTrail();
    await signIn(JIRA_SERVER_TOKEN);
    await eventually(() => api.ticketCount(), (n) => n >= 12, 'remote and local tickets cached');
    assert.ok(jira.requests.some((r) => r.path === '/jira/rest/api/2/search' && r.headers.authorization === `Bearer ${JIRA_SERVER_TOKEN}`), 'searched with the token');
    const file = join(workspaceRepo(), '.git', 'COMMIT_EDITMSG');
    writeFileSync(file, 'PROJ-\n');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(0, 5), '-');
    const item = list.items.find((i) => typeof i.label !== 'string' && i.label.label === 'PROJ-1');
    assert.ok(item, 'PROJ-1 from Jira is offered');
    assert.equal((item.label as vscode.CompletionItemLabel).description, 'Login fails with SSO');
    assert.match(item.detail ?? '', /In Progress/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the token never reaches the log', async () => {
    const api = await changeTrail();
    // The log channel writes <logs>/window*/exthost/<extension id>/ChangeTrail.log beside logFolder.
    const logs = dirname(dirname(api.logFolder));
    const files = (readdirSync(logs, { recursive: true }) as string[]).filter((f) => /ChangeTrail\.log$/.test(f)).map((f) => join(logs, f));
    assert.ok(files.length > 0, `no ChangeTrail log under ${logs}`);
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    assert.match(text, /ChangeTrail .* activated/, 'the log is the one this run wrote');
    assert.ok(!text.includes(JIRA_SERVER_TOKEN) && !text.includes('not-the-token-0000'), 'a token was logged');
  });

  it('the cache keeps answering when the tracker goes down', async () => {
    const api = await changeTrail();
    jira.fail({ kind: 'status', status: 500 }, 100);
    await vscode.commands.executeCommand('changetrail.refreshTickets');
    assert.ok((await api.ticketCount()) >= 12, 'cached tickets survive a failed refresh');
  });
});
