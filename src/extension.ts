import * as vscode from 'vscode';
import { CLOCK_ENV, clockFromEnv, systemClock } from './core/clock';
import type { ChangeTrailApi } from './host/api';
import { BranchWarnings } from './host/branches/branchWarnings';
import { lazyCommands } from './host/commands/lazyCommands';
import { registerCommands } from './host/commands/registerCommands';
import { CurrentChange } from './host/currentChange';
import { BuiltinGit } from './host/git/builtinGit';
import { HookInstallOffer } from './host/hooks/hookInstallOffer';
import { createLogChannel } from './host/logChannel';
import { CommitInputDiagnostics } from './host/scm/commitInputDiagnostics';
import { CommitInputPrefill } from './host/scm/commitInputPrefill';
import { CommitInputQuickFix } from './host/scm/commitInputQuickFix';
import { SettingsService } from './host/settings';
import { BranchTicketItem } from './host/statusBar/branchTicketItem';
import { DeployItem } from './host/statusBar/deployItem';
import { TeamConfigService } from './host/teamConfigService';
import { OverviewViewProvider } from './host/views/overviewViewProvider';
import { CredentialStore } from './host/tickets/credentialStore';
import { TicketCompletionProvider } from './host/tickets/ticketCompletionProvider';
import { TicketLinks } from './host/tickets/ticketLinks';
import { TicketService } from './host/tickets/ticketService';
import { RecordService } from './host/records/recordService';
import { ChecklistViewProvider } from './host/views/checklistViewProvider';
import { FileHistoryProvider } from './host/history/fileHistoryProvider';
import { WhyLineHover, explainLine } from './host/history/whyLineChanged';
import { PendingDeployments } from './host/deployments/pendingDeployments';
import { WhatChangedProvider } from './host/incidents/whatChangedView';
import { whatChangedRows } from './host/incidents/whatChangedRows';

/** Wires ChangeTrail together; everything it builds is disposed with the extension. */
export function activate(context: vscode.ExtensionContext): ChangeTrailApi {
  const { channel, logger } = createLogChannel();
  // One clock for every time-dependent path; the test harnesses fix it with CHANGETRAIL_NOW.
  const clock = (() => {
    try {
      return clockFromEnv(process.env, (iso) => logger.warn(`The clock is fixed at ${iso} (${CLOCK_ENV}); freeze windows and dates follow it, not the real time.`));
    } catch (error) {
      logger.error(`${error instanceof Error ? error.message : String(error)}; using the real clock`);
      return systemClock;
    }
  })();
  const settings = new SettingsService(logger);
  const teamConfig = new TeamConfigService(logger);
  const git = new BuiltinGit(logger);
  const currentChange = new CurrentChange(git, teamConfig, settings, logger);
  const statusItem = new BranchTicketItem(currentChange, settings);
  const branchWarnings = new BranchWarnings(currentChange, settings, context.workspaceState, logger);
  const credentials = new CredentialStore(context.secrets);
  const tickets = new TicketService(context, teamConfig, settings, credentials, logger, clock);
  const overview = new OverviewViewProvider(context.extensionUri, currentChange, logger, tickets);
  const completion = new TicketCompletionProvider(tickets, teamConfig, git, settings);
  const links = new TicketLinks(tickets, teamConfig, git, settings);
  const commitDocuments = [{ language: 'scminput' }, { language: 'git-commit' }];
  const records = new RecordService(context, tickets, logger, clock);
  const checklist = new ChecklistViewProvider(context, currentChange, git, records, tickets, logger, clock, settings);
  currentChange.onDidChange((s) => s.repoRoot && s.config && records.watch(s.repoRoot, s.config), undefined, context.subscriptions);
  // Context keys for the welcome texts of empty views (package.json viewsWelcome).
  currentChange.onDidChange((s) => {
    void vscode.commands.executeCommand('setContext', 'changetrail.hasRepository', Boolean(s.repoRoot));
    void vscode.commands.executeCommand('setContext', 'changetrail.hasTeamConfig', s.configFound);
  }, undefined, context.subscriptions);
  const history = new FileHistoryProvider(git, teamConfig, records, tickets, settings, logger, clock);
  const whyHover = new WhyLineHover();
  const deployments = new PendingDeployments();
  const historyView = vscode.window.createTreeView(FileHistoryProvider.viewId, { treeDataProvider: history, showCollapseAll: true });
  history.attach(historyView);
  const whatChanged = new WhatChangedProvider();
  const whatChangedView = vscode.window.createTreeView(WhatChangedProvider.viewId, { treeDataProvider: whatChanged, showCollapseAll: true });
  whatChanged.attach(whatChangedView);
  const services = { context, git, logger, logChannel: channel, currentChange, teamConfig, tickets, credentials, records, history, whyHover, deployments, checklist, clock, whatChanged, settings };
  context.subscriptions.push(
    history, deployments, historyView, whatChanged, whatChangedView,
    vscode.languages.registerCodeLensProvider({ language: 'markdown', scheme: 'untitled' }, deployments),
    new DeployItem(currentChange),
    vscode.languages.registerHoverProvider({ scheme: 'file' }, whyHover),
    tickets, records, checklist,
    vscode.window.registerWebviewViewProvider(ChecklistViewProvider.viewId, checklist),
    vscode.languages.registerCompletionItemProvider(commitDocuments, completion, ...completion.triggerCharacters),
    vscode.languages.registerDocumentLinkProvider(commitDocuments, links),
    vscode.languages.registerHoverProvider(commitDocuments, links),
    channel, settings, teamConfig, git, currentChange, statusItem, overview, branchWarnings,
    new HookInstallOffer(currentChange, git, settings, context.workspaceState, logger),
    new CommitInputDiagnostics(teamConfig, currentChange, settings, git),
    new CommitInputPrefill(currentChange, git, settings),
    vscode.languages.registerCodeActionsProvider({ scheme: 'vscode-scm' }, new CommitInputQuickFix(currentChange), CommitInputQuickFix.metadata),
    vscode.window.registerWebviewViewProvider(OverviewViewProvider.viewId, overview),
    // Every contributed command; the handlers load on the first run of one (dist/commands.js).
    ...registerCommands(lazyCommands(context.extension.packageJSON.contributes.commands), services),
    whyHover.answerWith((document, line, signal) => explainLine(services, document, line, signal)),
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
    warnedBranches: () => branchWarnings.warned,
    logFolder: context.logUri.fsPath,
    history: {
      show: (uri) => history.show(uri),
      file: () => history.shownFile?.fsPath,
      details: async (sha) => {
        const node = history.nodes.find((n) => n.kind === 'commit' && n.entry.sha === sha);
        if (!node) return [];
        return (await history.getChildren(node)).map((d) => { const item = history.getTreeItem(d); return { label: String(item.label), description: typeof item.description === 'string' ? item.description : undefined, command: item.command?.command }; });
      },
      rows: () => history.nodes.map((n) => (n.kind === 'commit' ? { kind: n.kind, sha: n.entry.sha, subject: n.entry.subject, label: String(history.getTreeItem(n).label), description: String(history.getTreeItem(n).description ?? ''), path: n.entry.path, tickets: [...n.entry.tickets], live: n.liveIn.map((l) => ({ environment: l.environment, live: l.live })), record: n.record?.id, summary: n.summary } : { kind: n.kind, text: 'text' in n ? n.text : undefined })),
      lastWhy: () => whyHover.last,
    },
    whatChanged: { rows: () => whatChangedRows(whatChanged) },
    checklist: {
      state: () => checklist.currentState(),
      send: (message) => checklist.handle(message),
      reload: () => checklist.reload(),
    },
    ticketCount: async () => {
      const root = currentChange.snapshot.repoRoot;
      return root ? (await tickets.directory(root)).size : 0;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
