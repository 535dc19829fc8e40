import type * as vscode from 'vscode';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../core/log';
import type { CurrentChange } from '../currentChange';
import type { BuiltinGit } from '../git/builtinGit';
import type { ChecklistViewProvider } from '../views/checklistViewProvider';
import type { PendingDeployments } from '../deployments/pendingDeployments';
import type { FileHistoryProvider } from '../history/fileHistoryProvider';
import type { WhyLineHover } from '../history/whyLineChanged';
import type { WhatChangedProvider } from '../incidents/whatChangedView';
import type { RecordService } from '../records/recordService';
import type { TeamConfigService } from '../teamConfigService';
import type { CredentialStore } from '../tickets/credentialStore';
import type { TicketService } from '../tickets/ticketService';
import type { SettingsService } from '../settings';
import type { CommandId } from './commandManifest';

/** What a command may use: the services built in activate(). */
export interface CommandServices {
  readonly context: vscode.ExtensionContext;
  readonly git: BuiltinGit;
  readonly logger: Logger;
  readonly logChannel: vscode.LogOutputChannel;
  readonly currentChange: CurrentChange;
  readonly teamConfig: TeamConfigService;
  readonly tickets: TicketService;
  readonly credentials: CredentialStore;
  readonly records: RecordService;
  readonly history: FileHistoryProvider;
  readonly whyHover: WhyLineHover;
  /** The one source of "now" (CHANGETRAIL_NOW fixes it in tests). */
  readonly clock: Clock;
  readonly deployments: PendingDeployments;
  readonly checklist: ChecklistViewProvider;
  /** The "What Changed" view: the last answer of What Changed Before...? with its actions. */
  readonly whatChanged: WhatChangedProvider;
  /** The user's ChangeTrail settings (tickets.urlTemplate overrides the team's). */
  readonly settings: SettingsService;
}

/** One command: its id and what it does. */
export interface CommandDefinition {
  readonly id: CommandId;
  run(services: CommandServices, ...args: unknown[]): unknown;
}
