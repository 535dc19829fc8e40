// Every command ChangeTrail contributes. No 'vscode' import here, so a plain-Node unit test can
// check this list against package.json `contributes.commands`.

/** A contributed command as package.json declares it. */
export interface CommandContribution {
  readonly command: string;
  readonly title: string;
  readonly category: 'ChangeTrail';
  readonly icon?: string;
}

export const commandManifest: readonly CommandContribution[] = [
  { command: 'changetrail.showLog', title: 'Show Log', category: 'ChangeTrail' },
  { command: 'changetrail.openTeamConfig', title: 'Open Team Config', category: 'ChangeTrail', icon: '$(settings-gear)' },
  { command: 'changetrail.openTicket', title: 'Open Ticket of Current Branch', category: 'ChangeTrail', icon: '$(link-external)' },
  { command: 'changetrail.installHooks', title: 'Install Git Hooks', category: 'ChangeTrail' },
  { command: 'changetrail.uninstallHooks', title: 'Uninstall Git Hooks', category: 'ChangeTrail' },
  { command: 'changetrail.createBranchFromTicket', title: 'Create Branch from Ticket...', category: 'ChangeTrail', icon: '$(git-branch-create)' },
  { command: 'changetrail.linkTicket', title: 'Link Ticket to Current Branch...', category: 'ChangeTrail' },
  { command: 'changetrail.renameBranch', title: 'Rename Branch to Include Ticket...', category: 'ChangeTrail' },
  { command: 'changetrail.signInToTracker', title: 'Sign In to Tracker...', category: 'ChangeTrail' },
  { command: 'changetrail.signOutOfTracker', title: 'Sign Out of Tracker...', category: 'ChangeTrail' },
  { command: 'changetrail.refreshTickets', title: 'Refresh Ticket Cache', category: 'ChangeTrail' },
  { command: 'changetrail.recordTicketUse', title: 'Record Ticket Use', category: 'ChangeTrail' },
  { command: 'changetrail.setWebhookSecret', title: 'Set Webhook Secret...', category: 'ChangeTrail' },
  { command: 'changetrail.setEngineSecret', title: 'Set Engine Secret...', category: 'ChangeTrail' },
  { command: 'changetrail.deliverRecords', title: 'Deliver Pending Change Records Now', category: 'ChangeTrail' },
  { command: 'changetrail.openChangeLog', title: 'Open Change Log', category: 'ChangeTrail' },
  { command: 'changetrail.recordDeployment', title: 'Record Deployment...', category: 'ChangeTrail', icon: '$(rocket)' },
  { command: 'changetrail.thisWeekInChanges', title: 'This Week in Changes', category: 'ChangeTrail', icon: '$(calendar)' },
  { command: 'changetrail.setChannelWebhook', title: 'Set Channel Webhook URL...', category: 'ChangeTrail' },
  { command: 'changetrail.whyDidThisLineChange', title: 'Why Did This Line Change?', category: 'ChangeTrail' },
  { command: 'changetrail.history.openDiff', title: 'Open Diff', category: 'ChangeTrail', icon: '$(diff)' },
  { command: 'changetrail.history.openTicket', title: 'Open Ticket', category: 'ChangeTrail', icon: '$(link-external)' },
  { command: 'changetrail.history.openRecord', title: 'Open Change Record', category: 'ChangeTrail', icon: '$(notebook)' },
  { command: 'changetrail.history.copySummary', title: 'Copy Support Summary', category: 'ChangeTrail', icon: '$(copy)' },
  { command: 'changetrail.history.loadMore', title: 'Load More History', category: 'ChangeTrail' },
  { command: 'changetrail.confirmDeployment', title: 'Record and Post Deployment', category: 'ChangeTrail', icon: '$(rocket)' },
  { command: 'changetrail.cancelDeployment', title: 'Cancel Deployment Note', category: 'ChangeTrail' },
  { command: 'changetrail.openChecklist', title: 'Open Impact Checklist', category: 'ChangeTrail', icon: '$(checklist)' },
  { command: 'changetrail.submitChecklist', title: 'Submit Impact Checklist', category: 'ChangeTrail', icon: '$(check)' },
  { command: 'changetrail.showRecentDeployments', title: 'Show Recent Deployments', category: 'ChangeTrail', icon: '$(history)' },
  { command: 'changetrail.getStarted', title: 'Get Started', category: 'ChangeTrail' },
  { command: 'changetrail.stageChangeLog', title: 'Stage the Change Log with This Change', category: 'ChangeTrail' },
  { command: 'changetrail.whatChangedBefore', title: 'What Changed Before...?', category: 'ChangeTrail', icon: '$(history)' },
  { command: 'changetrail.openIncident', title: 'Open Incident...', category: 'ChangeTrail', icon: '$(flame)' },
  { command: 'changetrail.resolveIncident', title: 'Resolve Incident...', category: 'ChangeTrail' },
  { command: 'changetrail.rollBackDeployment', title: 'Roll Back Deployment...', category: 'ChangeTrail', icon: '$(discard)' },
  { command: 'changetrail.searchLessons', title: 'Search Lessons...', category: 'ChangeTrail', icon: '$(search)' },
  { command: 'changetrail.recordManualChange', title: 'Record a Change Outside Git...', category: 'ChangeTrail', icon: '$(edit)' },
  { command: 'changetrail.openChangeBoard', title: 'Open Change Board', category: 'ChangeTrail', icon: '$(graph)' },
  { command: 'changetrail.whatChanged.openTicket', title: 'Open Ticket', category: 'ChangeTrail', icon: '$(link-external)' },
  { command: 'changetrail.whatChanged.openDiff', title: 'Open Diff', category: 'ChangeTrail', icon: '$(diff)' },
  { command: 'changetrail.whatChanged.copyRollback', title: 'Copy Rollback Command', category: 'ChangeTrail', icon: '$(discard)' },
  { command: 'changetrail.whatChanged.openIncident', title: 'Open Incident with These Suspects', category: 'ChangeTrail', icon: '$(flame)' },
  { command: 'changetrail.whatChanged.copyMarkdown', title: 'Copy Answer as Markdown', category: 'ChangeTrail', icon: '$(copy)' },
];

/** Commands that are not for the Command Palette (run by completion items and the like). */
export const internalCommands: readonly CommandId[] = [
  'changetrail.recordTicketUse',
  'changetrail.history.openDiff',
  'changetrail.history.openTicket',
  'changetrail.history.openRecord',
  'changetrail.history.copySummary',
  'changetrail.history.loadMore',
  'changetrail.whatChanged.openTicket',
  'changetrail.whatChanged.openDiff',
  'changetrail.whatChanged.copyRollback',
  'changetrail.whatChanged.openIncident',
  'changetrail.whatChanged.copyMarkdown',
];

export type CommandId =
  | 'changetrail.showLog'
  | 'changetrail.openTeamConfig'
  | 'changetrail.openTicket'
  | 'changetrail.installHooks'
  | 'changetrail.uninstallHooks'
  | 'changetrail.createBranchFromTicket'
  | 'changetrail.linkTicket'
  | 'changetrail.renameBranch'
  | 'changetrail.signInToTracker'
  | 'changetrail.signOutOfTracker'
  | 'changetrail.refreshTickets'
  | 'changetrail.recordTicketUse'
  | 'changetrail.setWebhookSecret'
  | 'changetrail.setEngineSecret'
  | 'changetrail.deliverRecords'
  | 'changetrail.openChangeLog'
  | 'changetrail.recordDeployment'
  | 'changetrail.thisWeekInChanges'
  | 'changetrail.setChannelWebhook'
  | 'changetrail.whyDidThisLineChange'
  | 'changetrail.history.openDiff'
  | 'changetrail.history.openTicket'
  | 'changetrail.history.openRecord'
  | 'changetrail.history.copySummary'
  | 'changetrail.history.loadMore'
  | 'changetrail.confirmDeployment'
  | 'changetrail.cancelDeployment'
  | 'changetrail.openChecklist'
  | 'changetrail.submitChecklist'
  | 'changetrail.showRecentDeployments'
  | 'changetrail.getStarted'
  | 'changetrail.stageChangeLog'
  | 'changetrail.whatChangedBefore'
  | 'changetrail.openIncident'
  | 'changetrail.resolveIncident'
  | 'changetrail.rollBackDeployment'
  | 'changetrail.searchLessons'
  | 'changetrail.recordManualChange'
  | 'changetrail.openChangeBoard'
  | 'changetrail.whatChanged.openTicket'
  | 'changetrail.whatChanged.openDiff'
  | 'changetrail.whatChanged.copyRollback'
  | 'changetrail.whatChanged.openIncident'
  | 'changetrail.whatChanged.copyMarkdown';
