import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type FakeSlack, startFakeSlack } from '../fixtures/channels/fakeSlack';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';
import { type TeamFiles, keepTeamFiles } from './teamFiles';

describe('deployment notes and This Week in Changes (fake Slack on 127.0.0.1)', function () {
  this.timeout(90_000);
  let slack: FakeSlack;
  let team: TeamFiles;

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    slack = await startFakeSlack();
    team = keepTeamFiles();
    team.edit((config) => {
      config.channels = [{ type: 'slack', id: 'slack' }];
      config.freeze = { weekly: [], dates: [] };
    });
    await changeTrail();
    await eventually(async () => vscode.commands.executeCommand<string | undefined>('changetrail.setChannelWebhook', 'slack', slack.url), (id) => id === 'slack', 'channel configured');
  });

  after(async () => {
    // Other suites share this repository: take this suite's deployments back out of the log.
    team.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await slack.close();
  });

  it('records a deployment to production: record in the log, note in Slack and on the clipboard', async () => {
    const id = await vscode.commands.executeCommand<string>('changetrail.recordDeployment', { environment: 'production', confirm: true });
    assert.match(id ?? '', /^[0-9A-Z]{26}$/);
    const log = readFileSync(join(workspaceRepo(), '.changetrail', 'changes.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const record = log.find((e) => e.id === id);
    assert.equal(record.schema, 'changetrail/deployment');
    assert.equal(record.environment, 'production');
    assert.equal(record.commit, terminalGit('rev-parse', 'HEAD').trim());
    const posted = await eventually(() => slack.posted, (p) => p.length === 1, 'the note posted to Slack once');
    assert.match(posted[0].text ?? '', /production/i);
    assert.ok((posted[0].blocks ?? []).length > 0, 'Block Kit blocks');
    const clip = await vscode.env.clipboard.readText();
    assert.match(clip, /Deployment to production/);
    // Each change appears by its record's title when a record covers it, else by its commit.
    assert.match(clip, /Login timeout shortened to 5 minutes|PROJ-123: Shorten login timeout to 5 minutes/);
  });

  it('the next deployment note starts from the recorded one', async () => {
    const id2 = await vscode.commands.executeCommand<string>('changetrail.recordDeployment', { environment: 'production', confirm: true });
    assert.ok(id2);
    const clip = await vscode.env.clipboard.readText();
    assert.match(clip, /Commits:\*\* 0|nothing new|No new commits|0 commits/i, clip.slice(0, 400));
  });

  it('This Week in Changes lists the week and posts to the channel', async () => {
    const markdown = await vscode.commands.executeCommand<string>('changetrail.thisWeekInChanges', true);
    assert.match(markdown, /This Week in Changes|Changes/);
    await eventually(() => slack.posted.length, (n) => n >= 3, 'the digest posted');
  });
});
