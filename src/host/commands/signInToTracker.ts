import * as vscode from 'vscode';
import { type TrackerConfig, trackerIdOf } from '../../core/config/teamConfigSchema';
import { errorMessage } from '../../core/errors';
import { trackerLabel } from '../../core/tickets/providers/trackerLabel';
import type { CommandDefinition, CommandServices } from './commandContext';
import { walkthroughStepDone } from '../walkthroughSteps';

/** Picks one of the active repository's remote trackers (`id` picks without asking). */
export async function pickTracker(services: CommandServices, title: string, id?: string): Promise<TrackerConfig | undefined> {
  const trackers = (services.currentChange.snapshot.config?.trackers ?? []).filter((t) => t.type !== 'local');
  if (id) return trackers.find((t) => trackerIdOf(t) === id);
  if (trackers.length === 0) {
    const choice = await vscode.window.showInformationMessage('ChangeTrail: the team config lists no tracker to sign in to (add one under "trackers").', 'Open Team Config');
    if (choice) await vscode.commands.executeCommand('changetrail.openTeamConfig');
    return undefined;
  }
  if (trackers.length === 1) return trackers[0];
  const picked = await vscode.window.showQuickPick(trackers.map((t) => ({ label: trackerLabel(t), tracker: t })), { title });
  return picked?.tracker;
}

const TOKEN_HELP: Record<string, string> = {
  'jira-server': 'a personal access token (Profile > Personal Access Tokens)',
  gitlab: 'a personal access token with the api scope',
  linear: 'a personal API key (Settings > API)',
  'azure-boards': 'a personal access token with Work Items (Read & write)',
  github: 'a personal access token (GitHub Enterprise) with the repo scope',
};

/**
 * ChangeTrail: Sign In to Tracker...: secrets go to SecretStorage (GitHub: VS Code's GitHub
 * sign-in). Scripts may pass (trackerId, token[, username]) instead of answering prompts.
 */
export const signInToTrackerCommand: CommandDefinition = {
  id: 'changetrail.signInToTracker',
  run: async (services, idArg?: unknown, tokenArg?: unknown, usernameArg?: unknown) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('ChangeTrail: trackers are contacted only in a trusted workspace.');
      return undefined;
    }
    const tracker = await pickTracker(services, 'ChangeTrail: Sign In to Tracker', typeof idArg === 'string' ? idArg : undefined);
    if (!tracker) return undefined;
    const label = trackerLabel(tracker);
    if (typeof tokenArg === 'string') {
      await services.credentials.store(tracker, typeof usernameArg === 'string' ? { kind: 'basic', username: usernameArg, token: tokenArg } : { kind: 'bearer', token: tokenArg });
    } else if (tracker.type === 'github' && !tracker.baseUrl) {
      await vscode.authentication.getSession('github', ['repo'], { createIfNone: true });
    } else if (tracker.type === 'jira-cloud') {
      const username = await vscode.window.showInputBox({ title: `Sign in to ${label}`, prompt: 'Your Atlassian account e-mail', ignoreFocusOut: true });
      if (!username) return undefined;
      const token = await vscode.window.showInputBox({ title: `Sign in to ${label}`, prompt: 'An API token (id.atlassian.com > Security > API tokens)', password: true, ignoreFocusOut: true });
      if (!token) return undefined;
      await services.credentials.store(tracker, { kind: 'basic', username, token });
    } else {
      const token = await vscode.window.showInputBox({ title: `Sign in to ${label}`, prompt: `Paste ${TOKEN_HELP[tracker.type] ?? 'a token'}`, password: true, ignoreFocusOut: true });
      if (!token) return undefined;
      await services.credentials.store(tracker, { kind: 'bearer', token });
    }
    const root = services.currentChange.snapshot.repoRoot;
    if (!root) return undefined;
    try {
      const directory = await services.tickets.directory(root);
      const outcomes = await directory.refresh();
      const failed = outcomes.find((o) => o.error);
      if (failed) void vscode.window.showWarningMessage(`ChangeTrail: signed in, but ${failed.error}`);
      else {
        walkthroughStepDone('tracker');
        void vscode.window.showInformationMessage(`ChangeTrail: signed in to ${label}; ${directory.size} tickets cached.`);
      }
    } catch (error) {
      void vscode.window.showWarningMessage(`ChangeTrail: ${errorMessage(error)}`);
    }
    return label;
  },
};
