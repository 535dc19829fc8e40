import * as vscode from 'vscode';
import type { ChangeTrailApi } from './host/api';
import { openTeamConfigCommand } from './host/commands/openTeamConfig';
import { openTicketCommand } from './host/commands/openTicket';
import { registerCommands } from './host/commands/registerCommands';
import { showLogCommand } from './host/commands/showLog';
import { CurrentChange } from './host/currentChange';
import { BuiltinGit } from './host/git/builtinGit';
import { createLogChannel } from './host/logChannel';
import { SettingsService } from './host/settings';
import { BranchTicketItem } from './host/statusBar/branchTicketItem';
import { TeamConfigService } from './host/teamConfigService';
import { OverviewViewProvider } from './host/views/overviewViewProvider';

/** Wires ChangeTrail together; everything it builds is disposed with the extension. */
export function activate(context: vscode.ExtensionContext): ChangeTrailApi {
  const { channel, logger } = createLogChannel();
  const settings = new SettingsService(logger);
  const teamConfig = new TeamConfigService(logger);
  const git = new BuiltinGit(logger);
  const currentChange = new CurrentChange(git, teamConfig, settings, logger);
  const statusItem = new BranchTicketItem(currentChange, settings);
  const overview = new OverviewViewProvider(context.extensionUri, currentChange, logger);
  context.subscriptions.push(
    channel, settings, teamConfig, git, currentChange, statusItem, overview,
    vscode.window.registerWebviewViewProvider(OverviewViewProvider.viewId, overview),
    ...registerCommands([showLogCommand, openTeamConfigCommand, openTicketCommand], {
      logger, logChannel: channel, currentChange, teamConfig,
    }),
  );
  // Git wiring starts after activate() returns, so activation stays cheap.
  const ready = git.start().then(async () => {
    await currentChange.refresh();
  });
  logger.info(`ChangeTrail ${context.extension.packageJSON.version as string} activated`);
  return {
    version: 1,
    ready,
    branchTicket: async () => (await currentChange.refresh()).status,
    statusBarItem: () => statusItem.shown,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
