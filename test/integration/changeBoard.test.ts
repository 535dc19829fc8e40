import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { changeTrail, eventually, terminalGit, workspaceRepo } from './testApi';
import { type TeamFiles, keepQuietTeamFiles } from './teamFiles';

interface BoardState {
  readonly repository: string;
  readonly entries: number;
  readonly months: number;
  readonly delivered: boolean;
}

function boardTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('changetrail.changeBoard'));
}

describe('Open Change Board: the change board in a webview panel', function () {
  this.timeout(90_000);
  let team: TeamFiles;

  before(async () => {
    terminalGit('checkout', '-q', 'feature/PROJ-123-login-timeout');
    team = keepQuietTeamFiles();
    await changeTrail();
  });

  after(async () => {
    team.restore();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one panel whose page receives the board built from the repository log', async () => {
    const deployment = await eventually(
      async () => vscode.commands.executeCommand<string | undefined>('changetrail.recordDeployment', { environment: 'production', confirm: true, overrideReason: 'integration test' }),
      (id) => typeof id === 'string',
      'deployment recorded',
    );
    assert.ok(deployment);
    const state = await vscode.commands.executeCommand<BoardState | undefined>('changetrail.openChangeBoard', { waitForPage: true });
    assert.ok(state, 'the command found no repository');
    assert.equal(state.repository, workspaceRepo());
    assert.ok(state.entries >= 1, `the board read ${state.entries} entries; the deployment just recorded is one`);
    assert.ok(state.months >= 1);
    // `delivered` is set only when the page's script ran under the panel's CSP and said `ready`.
    assert.equal(state.delivered, true, 'the page never said ready (script blocked or not found?)');
    const tabs = await eventually(() => boardTabs(), (t) => t.length === 1, 'one Change Board tab');
    assert.equal(tabs[0]?.label, 'Change Board');
    // Running it again brings the same panel forward rather than opening a second one.
    await vscode.commands.executeCommand('changetrail.openChangeBoard', { waitForPage: true });
    assert.equal(boardTabs().length, 1);
  });
});
