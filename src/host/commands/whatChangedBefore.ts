import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';
import { openIncidentSession, pickEnvironment } from '../incidents/incidentSession';

/**
 * ChangeTrail: What Changed Before...?: the deployments to an environment before a moment, the
 * suspects first, each with its exact rollback step, as Markdown to read, copy and paste; then
 * copy the top rollback command or open an incident with these suspects.
 */
export const whatChangedBeforeCommand: CommandDefinition = {
  id: 'changetrail.whatChangedBefore',
  run: async (services, arg?: unknown) => {
    const session = await openIncidentSession(services);
    if (!session) return undefined;
    const given = (arg ?? {}) as { environment?: string; system?: string; at?: string };
    const environment = given.environment ?? (await pickEnvironment(session.config, 'What changed before it broke?'));
    if (!environment) return undefined;
    let system = given.system;
    // Called with arguments (another command, a test): no system named means any system, not a question.
    if (arg === undefined && session.config.systems.length > 0) {
      const any = 'Any system';
      const picked = await vscode.window.showQuickPick([any, ...session.config.systems.map((s) => s.name)], { title: 'Which system broke? (its changes rank first)' });
      if (picked === undefined) return undefined;
      system = picked === any ? undefined : picked;
    }
    const at =
      given.at ??
      (await vscode.window.showInputBox({
        title: 'When did it break?',
        value: 'now',
        prompt: '"now", "2h ago", "2026-11-30 06:10" (team time zone) or an ISO time',
        validateInput: (v) => {
          try {
            session.lib.parseAt(v, session.clock, session.timeZone);
            return undefined;
          } catch (error) {
            return (error as Error).message;
          }
        },
      }));
    if (at === undefined) return undefined;
    const answer = await session.lib.whatChanged(
      { environment, system, at: session.lib.parseAt(at, session.clock, session.timeZone) },
      { index: session.index, config: session.config, repoRoot: session.root.fsPath, ticketSyntax: session.config.tickets, logger: services.logger },
    );
    const markdown = session.lib.whatChangedMarkdown(answer);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
    await vscode.window.showTextDocument(doc, { preview: false });
    const top = answer.deployments.find((d) => d.ref === answer.suspects[0]?.deployment);
    const actions = [...(top?.rollback.command ? ['Copy Rollback Command'] : []), 'Open Incident', 'Copy'];
    if (given.at === undefined) {
      const choice = await vscode.window.showInformationMessage(`ChangeTrail: ${answer.deployments.length} deployment(s) on ${environment} in the window.`, ...actions);
      if (choice === 'Copy Rollback Command' && top?.rollback.command) await vscode.env.clipboard.writeText(top.rollback.command);
      if (choice === 'Copy') await vscode.env.clipboard.writeText(markdown);
      if (choice === 'Open Incident') await vscode.commands.executeCommand('changetrail.openIncident', { environment, systems: system ? [system] : [] });
    }
    return answer;
  },
};
