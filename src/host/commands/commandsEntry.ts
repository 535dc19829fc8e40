// Entry of dist/commands.js: every command's handler, required on the first run of any command
// (lazyCommands.ts), so activation loads none of them. Each command id appears once (a unit test
// checks these against commandManifest).
import type { CommandDefinition } from './commandContext';
import { cancelDeploymentCommand } from './cancelDeployment';
import { confirmDeploymentCommand } from './confirmDeployment';
import { createBranchFromTicketCommand } from './createBranchFromTicket';
import { deliverRecordsCommand } from './deliverRecords';
import { getStartedCommand } from './getStarted';
import { installHooksCommand } from './installHooksCommand';
import { linkTicketCommand } from './linkTicket';
import { openChangeBoardCommand } from './openChangeBoard';
import { openChangeLogCommand } from './openChangeLog';
import { openChecklistCommand } from './openChecklist';
import { openIncidentCommand } from './openIncident';
import { openTeamConfigCommand } from './openTeamConfig';
import { openTicketCommand } from './openTicket';
import { recordDeploymentCommand } from './recordDeployment';
import { recordManualChangeCommand } from './recordManualChange';
import { recordTicketUseCommand } from './recordTicketUse';
import { refreshTicketsCommand } from './refreshTickets';
import { renameBranchCommand } from './renameBranch';
import { resolveIncidentCommand } from './resolveIncident';
import { rollBackDeploymentCommand } from './rollBackDeployment';
import { searchLessonsCommand } from './searchLessons';
import { setChannelWebhookCommand } from './setChannelWebhook';
import { setEngineSecretCommand } from './setEngineSecret';
import { setWebhookSecretCommand } from './setWebhookSecret';
import { showLogCommand } from './showLog';
import { showRecentDeploymentsCommand } from './showRecentDeployments';
import { signInToTrackerCommand } from './signInToTracker';
import { signOutOfTrackerCommand } from './signOutOfTracker';
import { stageChangeLogCommand } from './stageChangeLog';
import { submitChecklistCommand } from './submitChecklist';
import { thisWeekInChangesCommand } from './thisWeekInChanges';
import { uninstallHooksCommand } from './uninstallHooksCommand';
import { whatChangedBeforeCommand } from './whatChangedBefore';
import {
  copyHistorySummaryCommand, loadMoreHistoryCommand, openHistoryDiffCommand, openHistoryRecordCommand, openHistoryTicketCommand,
} from '../history/historyCommands';
import { whyDidThisLineChangeCommand } from '../history/whyLineChanged';
import {
  copyWhatChangedMarkdownCommand, copyWhatChangedRollbackCommand, openWhatChangedDiffCommand, openWhatChangedIncidentCommand, openWhatChangedTicketCommand,
} from '../incidents/whatChangedActions';

/** Every command ChangeTrail registers, with its handler. */
export const commandDefinitions: readonly CommandDefinition[] = [
  showLogCommand, openTeamConfigCommand, openTicketCommand, installHooksCommand, uninstallHooksCommand,
  createBranchFromTicketCommand, linkTicketCommand, renameBranchCommand,
  signInToTrackerCommand, signOutOfTrackerCommand, refreshTicketsCommand, recordTicketUseCommand,
  setWebhookSecretCommand, deliverRecordsCommand, openChangeLogCommand, whyDidThisLineChangeCommand,
  openHistoryDiffCommand, openHistoryTicketCommand, openHistoryRecordCommand, copyHistorySummaryCommand, loadMoreHistoryCommand,
  recordDeploymentCommand, thisWeekInChangesCommand, setChannelWebhookCommand,
  confirmDeploymentCommand, cancelDeploymentCommand,
  openChecklistCommand, submitChecklistCommand, showRecentDeploymentsCommand, getStartedCommand, stageChangeLogCommand,
  whatChangedBeforeCommand, openIncidentCommand, resolveIncidentCommand, rollBackDeploymentCommand, searchLessonsCommand,
  recordManualChangeCommand,
  openChangeBoardCommand,
  setEngineSecretCommand,
  openWhatChangedTicketCommand, openWhatChangedDiffCommand, copyWhatChangedRollbackCommand, openWhatChangedIncidentCommand, copyWhatChangedMarkdownCommand,
];
