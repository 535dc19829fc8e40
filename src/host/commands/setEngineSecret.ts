import * as vscode from 'vscode';
import { secretsOfConfiguredEngines } from '../../core/records/sinks/engines/engineSecrets';
import { engineSecretKey } from '../secretKeys';
import type { CommandDefinition } from './commandContext';

/**
 * ChangeTrail: Set Engine Secret...: a credential of a configured engine (Jira client id and
 * secret, GitHub or GitLab token) into SecretStorage, never the settings or the repository.
 * Arguments (engine, name, value) skip the prompts (tests, walkthroughs).
 */
export const setEngineSecretCommand: CommandDefinition = {
  id: 'changetrail.setEngineSecret',
  run: async ({ context, currentChange }, engineArg?: unknown, nameArg?: unknown, valueArg?: unknown) => {
    const engines = currentChange.snapshot.config?.engines;
    const known = engines ? secretsOfConfiguredEngines(engines) : [];
    let chosen = known.find((s) => s.engine === engineArg && s.name === nameArg);
    if (!chosen && typeof engineArg !== 'string') {
      if (known.length === 0) {
        void vscode.window.showInformationMessage('ChangeTrail: the team config turns on no engine that needs a secret (engines in .changetrail/config.json).');
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(known.map((s) => ({ label: s.label, description: `CI: ${s.variable}`, secret: s })), { title: 'ChangeTrail: Set Engine Secret' });
      chosen = pick?.secret;
    }
    if (!chosen) return undefined;
    const value = typeof valueArg === 'string'
      ? valueArg
      : await vscode.window.showInputBox({ title: `ChangeTrail: ${chosen.label}`, prompt: `Kept in VS Code's secret storage; in CI set ${chosen.variable} instead`, password: true, ignoreFocusOut: true });
    if (!value) return undefined;
    await context.secrets.store(engineSecretKey(chosen.engine, chosen.name), value.trim());
    void vscode.window.showInformationMessage(`ChangeTrail: ${chosen.label.split(' (')[0]} saved; pending records go out on the next delivery.`);
    return true;
  },
};
