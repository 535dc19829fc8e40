import * as vscode from 'vscode';
import type { IncidentRecord } from '../../core/records/changeRecord';
import type { CommandDefinition } from './commandContext';
import { actingPerson, appendIncidentEntry, openIncidentSession, postToTeam } from '../incidents/incidentSession';

interface ResolveArgs {
  readonly incident?: string;
  readonly fix?: NonNullable<IncidentRecord['fix']>;
  readonly cause?: NonNullable<IncidentRecord['cause']>;
  readonly lessons?: string;
  readonly followUps?: readonly string[];
}

const FIXES: NonNullable<IncidentRecord['fix']>[] = ['rollback', 'revert', 'fix-forward', 'configuration', 'external', 'none'];

/**
 * ChangeTrail: Resolve Incident...: pick an open incident, say what caused it (one of its
 * suspects, not a change, unknown), what fixed it, the lessons and follow-up tickets; channels are told.
 */
export const resolveIncidentCommand: CommandDefinition = {
  id: 'changetrail.resolveIncident',
  run: async (services, arg?: unknown) => {
    const given = (arg ?? {}) as ResolveArgs;
    const session = await openIncidentSession(services);
    if (!session) return undefined;
    const { lib } = session;
    let incident: IncidentRecord | undefined;
    if (given.incident) incident = await lib.findIncident(session.index, given.incident);
    else {
      const open = (await session.index.incidents()).filter((i) => i.status !== 'resolved');
      if (open.length === 0) {
        void vscode.window.showInformationMessage('ChangeTrail: no incident is open.');
        return undefined;
      }
      incident = (await vscode.window.showQuickPick(open.map((i) => ({ label: i.title, description: `level ${i.level} · ${i.environment}`, detail: `${i.incidentId} · detected ${i.detectedAt.slice(0, 16).replace('T', ' ')} UTC`, i })), { title: 'Resolve which incident?' }))?.i;
    }
    if (!incident) return undefined;
    const fix = given.fix ?? ((await vscode.window.showQuickPick(FIXES, { title: 'What fixed it?' })) as (typeof FIXES)[number] | undefined);
    if (!fix) return undefined;
    let cause = given.cause;
    if (!cause) {
      const items = [
        ...incident.suspects.map((s) => ({ label: s.reasons[0] ?? s.change ?? s.deployment ?? 'suspect', description: `score ${s.score}`, cause: s.deployment ? { kind: 'deployment' as const, deployment: s.deployment } : s.change ? { kind: 'change' as const, change: s.change } : { kind: 'unknown' as const, summary: s.reasons.join('; ') } })),
        { label: 'Not a change', description: 'an outside cause', cause: { kind: 'not-a-change' as const } },
        { label: 'Unknown', description: 'not found yet', cause: { kind: 'unknown' as const } },
      ];
      cause = (await vscode.window.showQuickPick(items, { title: 'What caused it?' }))?.cause;
    }
    if (!cause) return undefined;
    const lessons = given.lessons ?? (await vscode.window.showInputBox({ title: 'Lessons learned', prompt: 'What should the next person on call know? ("ChangeTrail: Search Lessons" finds it)' }));
    if (lessons === undefined) return undefined;
    const followUps = given.followUps ?? ((await vscode.window.showInputBox({ title: 'Follow-up tickets', prompt: 'Ticket ids, comma-separated (optional)' })) ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    const by = await actingPerson(session.root);
    const picked = incident;
    // Read again and append under the incident lock, as the CLI does: the dialogs took minutes, and
    // another window or a script may have updated or resolved it meanwhile (two records superseding one state).
    const record = await lib.withIncidentLock(session.index.path, async () => {
      const current = await lib.findIncident(session.index, picked.incidentId);
      if (current.status === 'resolved') throw new Error(`incident ${current.incidentId} was resolved meanwhile (${current.fix ?? 'no fix named'}); nothing was recorded`);
      const resolved = lib.resolveIncidentRecord(current, { cause, fix, lessons, followUps }, by, session.clock);
      await appendIncidentEntry(session, resolved, services.records);
      return resolved;
    });
    const told = await postToTeam(services, session, record, lib.incidentNote(record, session.config.escalationLevels.levels.find((l) => l.level === record.level)));
    void vscode.window.showInformationMessage(`ChangeTrail: incident ${record.incidentId} resolved (${fix}). ${told > 0 ? `Told ${told} channel(s).` : 'No channel was told.'}`);
    return record;
  },
};
