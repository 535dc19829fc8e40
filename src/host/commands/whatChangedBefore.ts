import * as vscode from 'vscode';
import { ticketUrl } from '../../core/tickets/branchTicketStatus';
import type { CommandDefinition } from './commandContext';
import { openIncidentSession, pickEnvironment } from '../incidents/incidentSession';

/**
 * ChangeTrail: What Changed Before...?: the deployments to an environment before a moment, the
 * suspects first, each with its exact rollback step, in the What Changed view; its rows open the
 * ticket or the diff, copy the rollback command, or open an incident with these suspects.
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
    const template = services.settings.current['tickets.urlTemplate'] || session.config.tickets.urlTemplate;
    const directory = await services.tickets.directory(session.root).catch(() => undefined);
    const linkOf = (ticket: string) => ticketUrl(ticket, template) ?? directory?.find(ticket)?.url;
    // The answer opens in the What Changed view, whose rows carry the actions (ticket, diff, rollback, incident).
    await services.whatChanged.show(answer, { root: session.root, timeZone: session.timeZone, ticketUrl: linkOf, markdown: session.lib.whatChangedMarkdown(answer, { timeZone: session.timeZone }) });
    const top = answer.suspects[0];
    void vscode.window.setStatusBarMessage(`ChangeTrail: ${answer.deployments.length} deployment(s) on ${environment} in the window${top ? `; top suspect: ${top.title}` : ''}`, 10_000);
    return answer;
  },
};
