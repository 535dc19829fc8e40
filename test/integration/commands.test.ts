import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandManifest } from '../../src/host/commands/commandManifest';
import { changeTrail } from './testApi';

describe('commands', () => {
  it('registers every command the manifest contributes', async () => {
    await changeTrail();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = commandManifest.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, []);
  });

  it('"Show Log" runs', async () => {
    await changeTrail();
    await vscode.commands.executeCommand('changetrail.showLog');
  });

  it('activates without the catch-all events and reports its version', async () => {
    const extension = vscode.extensions.getExtension('changetrail.changetrail');
    assert.ok(extension?.isActive);
    const events = extension.packageJSON.activationEvents as string[];
    assert.ok(!events.includes('*'));
    assert.equal((await changeTrail()).version, 1);
  });
});
