import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { type FakeSlack, startFakeSlack } from '../fixtures/channels/fakeSlack';
import { changeTrail, eventually, terminalGit } from './testApi';
import { type TeamFiles, keepTeamFiles } from './teamFiles';

// Issue 10 items 2 and 3: the note is edited first and confirmed from the document; what is
// copied and posted is rendered after the record exists, from the record, with the edited message.
describe('editable deployment note: edit, then Record and post (fake Slack on 127.0.0.1)', function () {
  this.timeout(90_000);
  let slack: FakeSlack;
  let team: TeamFiles;
  const logFile = () => team.logFile;

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    slack = await startFakeSlack();
    team = keepTeamFiles();
    team.edit((config) => {
      // A channel id of this suite's own: the wait below then ends only once the extension has read
      // this config (with the freeze), not while it still has the previous suite's, whose channel was 'slack'.
      config.channels = [{ type: 'slack', id: 'slack-note' }];
      // A freeze on production that covers any date the suite may run on: no dependence on the real clock.
      config.freeze = { weekly: [], dates: [{ from: '2000-01-01', to: '2100-12-31', reason: 'Release freeze' }] };
    });
    await changeTrail();
    await eventually(async () => vscode.commands.executeCommand<string | undefined>('changetrail.setChannelWebhook', 'slack-note', slack.url), (id) => id === 'slack-note', 'channel configured');
    // And until the note itself is built from this config (its freeze): the services reload the
    // file on their own events, so one seeing it does not mean every one has.
    await eventually(
      async () => {
        // With a reason given, a note inside the freeze asks nothing (it only previews; nothing is recorded).
        const uri = await vscode.commands.executeCommand<string>('changetrail.recordDeployment', { environment: 'production', overrideReason: 'probe' });
        const text = uri ? (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText() : '';
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        return /Release freeze/.test(text);
      },
      (seen) => seen,
      'the note sees the freeze',
    );
  });

  after(async () => {
    team.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await slack.close();
  });

  it('opens the note for editing with a Record and post CodeLens, and records nothing yet', async () => {
    await vscode.env.clipboard.writeText('before');
    const uri = await vscode.commands.executeCommand<string>('changetrail.recordDeployment', { environment: 'production', overrideReason: 'Fixes the login outage (INC-42)' });
    assert.match(uri ?? '', /^untitled:/);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    assert.match(document.getText(), /### Message to the team/);
    // The override is already given: the preview must not say one is still needed.
    assert.doesNotMatch(document.getText(), /needs an override reason/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    assert.ok(lenses.some((l) => /Record and post/.test(l.command?.title ?? '')), lenses.map((l) => l.command?.title).join(' | '));
    assert.equal(await vscode.env.clipboard.readText(), 'before', 'nothing copied before the record exists');
    assert.equal(slack.posted.length, 0);
    const logged = existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : '';
    assert.equal(logged, team.logBefore ?? '', 'nothing recorded before confirming');

    // The person writes a message under the heading, then confirms from the document.
    const hint = document.getText().split('\n').findIndex((l) => l.startsWith('<!-- Write your message'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, new vscode.Position(hint + 1, 0), 'Watch the login error rate for an hour after this goes out.\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const id = await vscode.commands.executeCommand<string>('changetrail.confirmDeployment', document.uri);
    assert.match(id ?? '', /^[0-9A-Z]{26}$/);

    const record = readFileSync(logFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.id === id);
    assert.equal(record.freezeOverride.reason, 'Fixes the login outage (INC-42)');
    assert.equal(record.note, 'Watch the login error rate for an hour after this goes out.');

    const clip = await vscode.env.clipboard.readText();
    assert.doesNotMatch(clip, /not recorded yet|needs an override reason/);
    assert.match(clip, new RegExp(`deployment record ${id}`));
    assert.match(clip, /override by .*Fixes the login outage \(INC-42\)/);
    assert.match(clip, /Watch the login error rate for an hour/);
    assert.equal(document.getText(), clip, 'the document now shows exactly what was copied and posted');

    const posted = await eventually(() => slack.posted, (p) => p.length === 1, 'the note posted once');
    const slackText = JSON.stringify(posted[0]);
    assert.match(slackText, /Watch the login error rate for an hour/);
    assert.match(slackText, /Fixes the login outage/);
    assert.doesNotMatch(slackText, /not recorded yet|needs an override reason/);
    assert.ok(slackText.includes(id), 'the posted note names its deployment record');
  });

  it('Record and post run twice at once records the deployment once', async () => {
    const uri = await vscode.commands.executeCommand<string>('changetrail.recordDeployment', { environment: 'production', overrideReason: 'Fixes the login outage (INC-43)' });
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const before = readFileSync(logFile(), 'utf8');
    // The old code removed the note from the waiting ones only after reading the document: both
    // runs found it waiting and each appended a deployment record (and posted the note twice).
    const ids = await Promise.all([
      vscode.commands.executeCommand<string | undefined>('changetrail.confirmDeployment', document.uri),
      vscode.commands.executeCommand<string | undefined>('changetrail.confirmDeployment', document.uri),
    ]);
    const added = readFileSync(logFile(), 'utf8').slice(before.length).trim().split('\n').filter(Boolean);
    assert.equal(added.length, 1, `deployment records appended: ${added.length}`);
    assert.equal(ids.filter(Boolean).length, 1, `ids: ${ids.join(', ')}`);
  });
});
