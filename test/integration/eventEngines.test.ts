import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type FakeCloudEventsReceiver, startFakeCloudEventsReceiver } from '../fixtures/engines/fakeCloudEventsReceiver';
import { type FakeSlack, startFakeSlack } from '../fixtures/channels/fakeSlack';
import { keepTeamFiles } from './teamFiles';
import { changeTrail, eventually, terminalGit } from './testApi';

// Issue 18: a deployment recorded in the editor reaches two targets through the outbox: a
// CDEvents receiver (engines.cdevents, fake on 127.0.0.1 validating the CDEvents shapes) and the
// team's Slack channel. The old editor queued deployments for channels only: no engine got one.
describe('engines: a recorded deployment reaches a CDEvents receiver and the team channel (issue 18)', function () {
  this.timeout(90_000);
  let receiver: FakeCloudEventsReceiver;
  let slack: FakeSlack;
  let files: ReturnType<typeof keepTeamFiles>;

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    receiver = await startFakeCloudEventsReceiver(undefined);
    slack = await startFakeSlack();
    files = keepTeamFiles();
    files.edit((config) => {
      config.engines = { ...((config.engines as object) ?? {}), cdevents: { url: `${receiver.url}/events`, service: 'service/accounts' } };
      config.channels = [{ type: 'slack', id: 'slack' }];
      config.freeze = { weekly: [], dates: [] };
    });
    await changeTrail();
    await eventually(async () => vscode.commands.executeCommand<string | undefined>('changetrail.setChannelWebhook', 'slack', slack.url), (id) => id === 'slack', 'channel configured');
  });

  after(async () => {
    files.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await receiver.close();
    await slack.close();
  });

  it('sends service.deployed with the record id as event id, and the note to Slack', async () => {
    // The editor applies the saved team config a moment later: record until a deployment reaches the receiver.
    const received = (id: string | undefined) => [...receiver.events.values()].find((e) => e.id === id);
    let id: string | undefined;
    const event = await eventually(async () => {
      id = await vscode.commands.executeCommand<string>('changetrail.recordDeployment', { environment: 'staging', confirm: true });
      for (let i = 0; i < 40 && !received(id); i++) await new Promise((r) => setTimeout(r, 100));
      return received(id);
    }, (e) => e !== undefined, 'a recorded deployment reaching the CDEvents receiver', 30_000);
    assert.match(id ?? '', /^[0-9A-Z]{26}$/);
    assert.match(event?.type ?? '', /^dev\.cdevents\.service\.(deployed|upgraded)\.0\.2\.0$/);
    assert.equal(event?.data.subject.id, 'service/accounts');
    assert.deepEqual(event?.data.subject.content.environment, { id: 'staging', source: event?.source });
    assert.equal((event?.data.subject.content.artifactId as string).endsWith(`@${terminalGit('rev-parse', 'HEAD').trim()}`), true);
    const posted = await eventually(() => slack.posted, (p) => p.some((x) => /staging/i.test(x.text ?? '')), 'the note posted to Slack', 30_000);
    assert.ok(posted.length >= 1);
    assert.equal(receiver.server.requests.length, receiver.events.size, 'each deployment sent once, each accepted');
  });
});
