import * as vscode from 'vscode';
import type { Suspect } from '../../core/incidents/whatChangedTypes';
import type { IncidentRecord } from '../../core/records/changeRecord';
import type { CommandDefinition } from './commandContext';
import { actingPerson, appendIncidentEntry, openIncidentSession, pickEnvironment, postToTeam } from '../incidents/incidentSession';

interface OpenArgs {
  readonly title?: string;
  readonly environment?: string;
  readonly systems?: readonly string[];
  readonly impact?: IncidentRecord['impact'];
  /** Skips the level pick and takes the suggestion (tests, other commands). */
  readonly acceptSuggestedLevel?: boolean;
  /** Suspects already ranked (the What Changed view's answer); otherwise what changed before now is asked. */
  readonly suspects?: readonly Suspect[];
}

const IMPACTS: { label: string; impact: IncidentRecord['impact']; detail: string }[] = [
  { label: 'Outage', impact: 'outage', detail: 'Customers cannot use it' },
  { label: 'Degraded', impact: 'degraded', detail: 'Customers notice: slow, errors, part of it down' },
  { label: 'None', impact: 'none', detail: 'No customer sees it (yet)' },
];

/**
 * ChangeTrail: Open Incident...: title, environment, systems and customer impact; the level is
 * suggested with its one-line reason; the suspects of "what changed" are attached; the team's
 * channels are told.
 */
export const openIncidentCommand: CommandDefinition = {
  id: 'changetrail.openIncident',
  run: async (services, arg?: unknown) => {
    const given = (arg ?? {}) as OpenArgs;
    const session = await openIncidentSession(services);
    if (!session) return undefined;
    const { config, lib, clock } = session;
    const title = given.title ?? (await vscode.window.showInputBox({ title: 'Open Incident: what is broken?', placeHolder: 'Card payments failing', validateInput: (v) => (v.trim() ? undefined : 'Say what is broken') }));
    if (!title) return undefined;
    const environment = given.environment ?? (await pickEnvironment(config, 'Open Incident: where?'));
    if (!environment) return undefined;
    let systems = given.systems ? [...given.systems] : undefined;
    if (!systems) {
      const picked = config.systems.length > 0 ? await vscode.window.showQuickPick(config.systems.map((s) => ({ label: s.name, description: s.criticality })), { title: 'Open Incident: which systems?', canPickMany: true }) : [];
      if (!picked) return undefined;
      systems = picked.map((p) => p.label);
    }
    const impact = given.impact ?? (await vscode.window.showQuickPick(IMPACTS, { title: 'Open Incident: customer impact?' }))?.impact;
    if (!impact) return undefined;
    const suggestion = lib.suggestLevel({ impact, systems, policy: config.escalationLevels, teamSystems: config.systems });
    let level = suggestion.level;
    let levelReason = suggestion.reason;
    if (!given.acceptSuggestedLevel) {
      const items = [...config.escalationLevels.levels]
        .sort((a, b) => Number(b.level === suggestion.level) - Number(a.level === suggestion.level) || a.level - b.level)
        .map((l) => ({ label: `Level ${l.level}: ${l.name}`, description: l.level === suggestion.level ? 'suggested' : `respond within ${l.responseTarget}`, detail: l.level === suggestion.level ? suggestion.reason : l.examples.join('; '), level: l.level }));
      const picked = await vscode.window.showQuickPick(items, { title: 'Open Incident: level' });
      if (!picked) return undefined;
      if (picked.level > suggestion.level) {
        const reason = await vscode.window.showInputBox({ title: `Why is this less urgent than level ${suggestion.level}?`, prompt: 'Only a contained, mitigated problem customers do not see may be lowered; the reason is kept with the incident.', validateInput: (v) => (v.trim() ? undefined : 'A written reason is required') });
        if (!reason) return undefined;
        levelReason = `Level ${picked.level} set by hand (suggested: ${suggestion.reason}) Reason: ${reason.trim()}`;
      } else if (picked.level !== suggestion.level) levelReason = `Level ${picked.level} set by hand (suggested: ${suggestion.reason})`;
      level = picked.level;
    }
    const detectedAt = new Date(clock.now()).toISOString();
    const changed = given.suspects ? { suspects: [...given.suspects] } : await lib.whatChanged({ environment, system: systems[0], at: clock.now() }, { index: session.index, config, repoRoot: session.root.fsPath, ticketSyntax: config.tickets, logger: services.logger });
    const by = await actingPerson(session.root);
    const record = lib.openIncidentRecord({ title, environment, systems, detectedAt, impact, level, levelReason, responders: [by.name], by, suspects: changed.suspects }, clock);
    await appendIncidentEntry(session, record, services.records);
    const people = config.escalationLevels.levels.find((l) => l.level === level);
    const told = await postToTeam(services, session, record, lib.incidentNote(record, people));
    const top = changed.suspects[0];
    void vscode.window.showInformationMessage(
      `ChangeTrail: incident ${record.incidentId} opened at level ${level}${people ? ` (respond within ${people.responseTarget})` : ''}. ${top ? `Top suspect: ${top.title}.` : 'Nothing changed in the window.'} ${told > 0 ? `Told ${told} channel(s).` : 'No channel was told.'}`,
    );
    return record;
  },
};
