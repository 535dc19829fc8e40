import * as vscode from 'vscode';
import type { DeploymentRecord } from '../../core/records/changeRecord';
import type { CommandDefinition } from './commandContext';

const PER_ENVIRONMENT = 5;

/** A recent deployment as the picker and the tests see it. */
export interface RecentDeployment {
  readonly environment: string;
  readonly id: string;
  readonly commit: string;
  readonly createdAt: string;
  readonly by: string;
  readonly records: number;
  readonly freezeOverride?: string;
}

/**
 * ChangeTrail: Show Recent Deployments: the newest deployments of each environment (from the
 * change log), grouped by environment; picking one shows its record. `{ list: true }` returns the
 * list without showing it (scripts and tests).
 */
export const showRecentDeploymentsCommand: CommandDefinition = {
  id: 'changetrail.showRecentDeployments',
  run: async ({ currentChange, records }, argsArg?: unknown) => {
    const { repoRoot: root, config } = currentChange.snapshot;
    if (!root || !config) {
      void vscode.window.showInformationMessage('ChangeTrail: open a git repository first.');
      return undefined;
    }
    const index = await records.index(root, config);
    const perEnvironment = await Promise.all(config.environments.map(async (environment) => [environment, await index.deploymentsOf(environment).catch(() => [])] as const));
    const recent: RecentDeployment[] = [...perEnvironment].reverse().flatMap(([environment, deployments]) =>
      deployments
        .slice(0, PER_ENVIRONMENT)
        .map((d) => ({ environment, id: d.id, commit: d.commit, createdAt: d.createdAt, by: d.by.name, records: d.records.length, ...(d.freezeOverride ? { freezeOverride: d.freezeOverride.reason } : {}) })),
    );
    if (argsArg && typeof argsArg === 'object' && (argsArg as { list?: boolean }).list) return recent;
    if (recent.length === 0) {
      void vscode.window.showInformationMessage(`ChangeTrail: no deployment is recorded yet for ${config.environments.join(', ')}. Run "Record Deployment..." after your next deployment.`);
      return recent;
    }
    type Item = vscode.QuickPickItem & { deployment?: RecentDeployment };
    const items: Item[] = [];
    for (const environment of [...config.environments].reverse()) {
      const mine = recent.filter((d) => d.environment === environment);
      items.push({ label: environment, kind: vscode.QuickPickItemKind.Separator });
      if (mine.length === 0) items.push({ label: `$(circle-slash) no deployment recorded`, description: environment });
      for (const d of mine) {
        items.push({
          label: `$(rocket) ${d.commit.slice(0, 7)}`,
          description: `${d.createdAt.slice(0, 16).replace('T', ' ')} UTC · ${d.by}`,
          detail: `${d.records} change record(s)${d.freezeOverride ? ` · freeze override: ${d.freezeOverride}` : ''} · record ${d.id}`,
          deployment: d,
        });
      }
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'ChangeTrail: Recent Deployments', matchOnDescription: true, matchOnDetail: true });
    const record: DeploymentRecord | undefined = picked?.deployment ? perEnvironment.flatMap(([, list]) => list).find((d) => d.id === picked.deployment?.id) : undefined;
    if (record) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(record, null, 2) }), { preview: true });
    return recent;
  },
};
