import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';

interface Answer {
  readonly environment: string;
  readonly deployments: readonly { readonly ref: string; readonly rollback: { readonly kind: string } }[];
  readonly suspects: readonly { readonly deployment: string }[];
}
interface Incident {
  readonly id: string;
  readonly incidentId: string;
  readonly status: string;
  readonly level: number;
  readonly levelReason?: string;
  readonly suspects: readonly unknown[];
  readonly lessons?: string;
}

describe('incidents in the editor: What Changed Before...?, open and resolve', function () {
  this.timeout(90_000);
  let logBefore: string | undefined;
  let original: string;
  const logFile = () => join(workspaceRepo(), '.changetrail', 'changes.jsonl');
  const configFile = () => join(workspaceRepo(), '.changetrail', 'config.json');
  const log = () => readFileSync(logFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { schema: string; id: string });

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    logBefore = existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : undefined;
    original = readFileSync(configFile(), 'utf8');
    const config = JSON.parse(original);
    config.freeze = { weekly: [], dates: [] };
    config.channels = [];
    writeFileSync(configFile(), JSON.stringify(config, null, 2));
    await changeTrail();
  });

  after(async () => {
    writeFileSync(configFile(), original);
    // Other suites share this repository: take this suite's entries back out of the log.
    if (logBefore === undefined) rmSync(logFile(), { force: true });
    else writeFileSync(logFile(), logBefore);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('answers what changed before now, from the deployment just recorded, with the undo step', async () => {
    // Until the extension has seen the repository and this config, the command has nothing to record.
    const deployment = await eventually(
      async () => vscode.commands.executeCommand<string | undefined>('changetrail.recordDeployment', { environment: 'production', confirm: true, overrideReason: 'integration test (the clock may sit in a freeze window)' }),
      (id) => typeof id === 'string',
      'deployment recorded',
    );
    assert.match(deployment ?? '', /^[0-9A-Z]{26}$/);
    const answer = await vscode.commands.executeCommand<Answer>('changetrail.whatChangedBefore', { environment: 'production', at: 'now' });
    assert.equal(answer?.environment, 'production');
    assert.equal(answer?.deployments[0]?.ref, deployment);
    assert.ok(answer?.suspects.some((s) => s.deployment === deployment));
    const editor = vscode.window.activeTextEditor;
    assert.match(editor?.document.getText() ?? '', /^## What changed on production before/);
  });

  it('opens an incident with the suggested level and suspects, then resolves it with its lessons', async () => {
    const opened = await vscode.commands.executeCommand<Incident>('changetrail.openIncident', { title: 'Login loops back to the sign-in page', environment: 'production', systems: [], impact: 'outage', acceptSuggestedLevel: true });
    assert.ok(opened);
    assert.equal(opened.status, 'open');
    assert.match(opened.levelReason ?? '', /^Level \d/);
    assert.ok(opened.suspects.length > 0, 'the recorded deployment is a suspect');
    const resolved = await vscode.commands.executeCommand<Incident>('changetrail.resolveIncident', { incident: opened.incidentId, fix: 'rollback', cause: { kind: 'unknown' }, lessons: 'Session cookies need the new domain before the redirect', followUps: ['PROJ-124'] });
    assert.equal(resolved?.status, 'resolved');
    assert.equal(resolved?.incidentId, opened.incidentId);
    const incidents = log().filter((e) => e.schema === 'changetrail/incident');
    assert.deepEqual(incidents.map((e) => e.id), [opened.id, resolved?.id]);
    const hits = await vscode.commands.executeCommand<{ incident: Incident }[]>('changetrail.searchLessons', 'cookie domain');
    assert.deepEqual(hits?.map((h) => h.incident.incidentId), [opened.incidentId]);
  });
});
