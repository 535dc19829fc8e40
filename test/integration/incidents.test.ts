import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { HistoryRow } from '../../src/host/api';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';
import { type TeamFiles, keepQuietTeamFiles } from './teamFiles';

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
  let team: TeamFiles;
  let deployed: string | undefined;
  const logFile = () => team.logFile;
  const log = () => readFileSync(logFile(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { schema: string; id: string });

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    team = keepQuietTeamFiles();
    await changeTrail();
  });

  after(async () => {
    // Other suites share this repository: take this suite's entries back out of the log.
    team.restore();
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
    deployed = deployment;
    const answer = await vscode.commands.executeCommand<Answer>('changetrail.whatChangedBefore', { environment: 'production', at: 'now' });
    assert.equal(answer?.environment, 'production');
    assert.equal(answer?.deployments[0]?.ref, deployment);
    assert.ok(answer?.suspects.some((s) => s.deployment === deployment));
    // The answer is a view with actions: deployments newest first, their changes under them, suspects first.
    const api = await changeTrail();
    const rows = await api.whatChanged.rows();
    const deployments = rows.filter((r) => r.contextValue?.startsWith('changetrail.whatChanged.deployment'));
    assert.equal(deployments.length, answer?.deployments.length);
    assert.equal((deployments[0]?.node as { deployment: { ref: string } }).deployment.ref, deployment);
    assert.match(deployments[0]?.description ?? '', /suspect #1/);
    assert.equal(deployments[0]?.icon, 'flame');
    const children = deployments[0]?.children ?? [];
    const carried = answer?.deployments[0] as unknown as { changes: unknown[]; unrecorded: unknown[] };
    assert.equal(children.length, carried.changes.length + carried.unrecorded.length, 'the deployment lists what it carried');
    const ranks = children.map((c) => Number(/suspect #(\d+)/.exec(c.description)?.[1] ?? Infinity));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `suspects first: ${JSON.stringify(children.map((c) => c.description))}`);
    // Copy rollback command: the deployment's exact undo step lands on the clipboard.
    const step = (deployments[0]?.node as { deployment: { rollback: { command?: string } } }).deployment.rollback.command;
    if (step) {
      assert.equal(await vscode.commands.executeCommand('changetrail.whatChanged.copyRollback', deployments[0]?.node), step);
      assert.equal(await vscode.env.clipboard.readText(), step);
    }
    // Open diff: the deployment's commits in a diff document.
    await vscode.commands.executeCommand('changetrail.whatChanged.openDiff', deployments[0]?.node);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'diff');
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /^(commit [0-9a-f]{40}| .* \| )/m);
  });

  it('opens an incident with the suggested level and suspects, then resolves it with its lessons', async () => {
    // From the What Changed view: its suspects go with the incident.
    const opened = await vscode.commands.executeCommand<Incident>('changetrail.whatChanged.openIncident', { title: 'Login loops back to the sign-in page', environment: 'production', systems: [], impact: 'outage', acceptSuggestedLevel: true });
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

  it('File History and "Why did this line change?" name the incident the deployment of a commit caused', async () => {
    assert.ok(deployed, 'the first test recorded a deployment');
    // The newest commit to sessionTimeout.ts that this deployment put live (previous deployed commit..deployed commit).
    const record = log().find((e) => e.id === deployed) as unknown as { commit: string; previousCommit?: string };
    assert.ok(record.previousCommit, 'the deployment knows the commit it replaced');
    const head = terminalGit('log', '-1', '--format=%H', `${record.previousCommit}..${record.commit}`, '--', 'src/auth/sessionTimeout.ts').trim();
    assert.match(head, /^[0-9a-f]{40}$/, 'the deployment carried a commit to sessionTimeout.ts');
    const opened = await vscode.commands.executeCommand<Incident>('changetrail.openIncident', { title: 'Sessions end after one minute', environment: 'production', systems: [], impact: 'degraded', acceptSuggestedLevel: true });
    assert.ok(opened);
    const resolved = await vscode.commands.executeCommand<Incident>('changetrail.resolveIncident', { incident: opened.incidentId, fix: 'rollback', cause: { kind: 'deployment', deployment: deployed }, lessons: 'Timeouts in seconds, not minutes', followUps: [] });
    assert.equal(resolved?.status, 'resolved');
    const api = await changeTrail();
    const file = vscode.Uri.file(join(workspaceRepo(), 'src', 'auth', 'sessionTimeout.ts'));
    await vscode.window.showTextDocument(file);
    type CommitRow = Extract<HistoryRow, { kind: 'commit' }>;
    const rows = await eventually(async () => {
      await api.history.show(file);
      return api.history.rows().filter((r): r is CommitRow => r.kind === 'commit');
    }, (r) => r.some((row) => row.sha === head && row.summary.includes(opened.incidentId)), `the deployed commit's row (${head}) names the incident; log: ${JSON.stringify(log().filter((e) => e.id === deployed || e.schema === 'changetrail/incident'))}`);
    const row = rows.find((r) => r.sha === head)!;
    assert.match(row.description, new RegExp(`incident ${opened.incidentId}`));
    // Exactly the commits that went out in that deployment name it; older ones say nothing of it.
    const carried = new Set(terminalGit('rev-list', `${record.previousCommit}..${record.commit}`).split('\n').filter(Boolean));
    assert.ok(rows.some((r) => !carried.has(r.sha)), 'the file has a commit from before the deployment');
    assert.deepEqual(rows.map((r) => r.summary.includes(opened.incidentId)), rows.map((r) => carried.has(r.sha)), JSON.stringify(rows.map((r) => r.summary)));
    const details = await api.history.details(head);
    assert.ok(details.some((d) => d.label === `Incident ${opened.incidentId}`), JSON.stringify(details));

    // A line the deployed commit wrote: its hover says which incident that deployment caused.
    const blame = terminalGit('blame', '--porcelain', 'HEAD', '--', 'src/auth/sessionTimeout.ts').split('\n');
    const line = blame.map((l) => l.split(' ')).find((w) => w[0] === head && w.length >= 3)?.[2];
    assert.ok(line, `${head} wrote no line of sessionTimeout.ts: ${blame.slice(0, 5).join(' | ')}`);
    const editor = await vscode.window.showTextDocument(file);
    editor.selection = new vscode.Selection(Number(line) - 1, 0, Number(line) - 1, 0);
    const answer = (await vscode.commands.executeCommand<string>('changetrail.whyDidThisLineChange')).replace(/\\(.)/g, '$1');
    assert.match(answer, new RegExp(`Incident ${opened.incidentId}`));
    assert.match(answer, new RegExp(`went out in deployment ${deployed}, which caused incident ${opened.incidentId}`));
    assert.equal(api.history.lastWhy()?.replace(/\\(.)/g, '$1'), answer);
  });
});
