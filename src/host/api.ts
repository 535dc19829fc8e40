import type { BranchTicketStatus } from '../core/tickets/branchTicketStatus';
import type { ChecklistState, ChecklistToHost } from '../protocol/checklistMessages';

/** What `activate()` returns: a small read-only API for other extensions and for our tests. */
export interface ChangeTrailApi {
  readonly version: 1;
  /** Resolves once the git extension has been connected (or found missing). */
  readonly ready: Promise<void>;
  /** Recomputes and returns the current branch's ticket status. */
  branchTicket(): Promise<BranchTicketStatus | { readonly kind: 'noRepository' }>;
  /** What the branch-ticket status bar item shows. */
  statusBarItem(): { readonly text: string; readonly visible: boolean; readonly tooltip?: string };
  /** Branches ChangeTrail has warned about for naming no ticket (`<repository>::<branch>`). */
  warnedBranches(): readonly string[];
  /** The Impact Checklist as its view sees it, and a way to act as the view would. */
  readonly checklist: {
    state(): Promise<ChecklistState | undefined>;
    send(message: ChecklistToHost): Promise<void>;
    reload(): Promise<void>;
  };
  /** The File History view: show a file, read its rows, and the last "Why Did This Line Change?" answer. */
  readonly history: {
    show(uri: import('vscode').Uri): Promise<void>;
    rows(): readonly HistoryRow[];
    /** The file the view shows (its description names it), undefined when none. */
    file(): string | undefined;
    /** The detail rows under a commit: label, description and the command a click runs. */
    details(sha: string): Promise<readonly { label: string; description?: string; command?: string }[]>;
    lastWhy(): string | undefined;
  };
  /** The "What Changed" view: its rows as shown, each with its children (deployments, then their changes). */
  readonly whatChanged: {
    rows(): Promise<readonly WhatChangedRow[]>;
  };
  /** The folder of this extension's logs (the "ChangeTrail" log channel writes beside it). */
  readonly logFolder: string;
  /** How many tickets the active repository's ticket cache holds. */
  ticketCount(): Promise<number>;
}

/** A File History row as the API gives it. */
export type HistoryRow =
  | { readonly kind: 'commit'; readonly sha: string; readonly subject: string; readonly label: string; readonly description: string; readonly path: string; readonly tickets: readonly string[]; readonly live: readonly { environment: string; live: boolean | undefined }[]; readonly record?: string; readonly summary: string }
  | { readonly kind: string; readonly text?: string };

/** A "What Changed" row as the API gives it; `node` goes back to the view's actions as their argument. */
export interface WhatChangedRow {
  readonly label: string;
  readonly description: string;
  readonly icon?: string;
  readonly contextValue?: string;
  readonly node: unknown;
  readonly children: readonly WhatChangedRow[];
}
