import * as vscode from 'vscode';
import type { CommandDefinition } from './commandContext';
import { actingPerson, appendIncidentEntry, openIncidentSession, pickEnvironment, postToTeam } from '../incidents/incidentSession';

interface RollbackArgs {
  readonly environment?: string;
  readonly to?: string;
  readonly incident?: string;
  /** Skips the confirmation (tests). */
  readonly confirm?: boolean;
}

/**
 * ChangeTrail: Roll Back Deployment...: shows exactly what going back undoes, then records a
 * deployment of kind rollback linked to the one it reverses (and the open incident, if one is
 * picked), tags it when the team tags deployments, and posts the note.
 */
export const rollBackDeploymentCommand: CommandDefinition = {
  id: 'changetrail.rollBackDeployment',
  run: async (services, arg?: unknown) => {
    const given = (arg ?? {}) as RollbackArgs;
    const session = await openIncidentSession(services);
    if (!session) return undefined;
    const { lib, config } = session;
    const environment = given.environment ?? (await pickEnvironment(config, 'Roll back which environment?'));
    if (!environment) return undefined;
    // With git, as the CLI does: --to must be a commit here, behind what is live.
    const plan = await lib.planRollback(session.index, environment, given.to, { cwd: session.root.fsPath, logger: services.logger });
    // As the CLI prints it: what is taken out, and the changes made outside git that stay in place.
    const detail = lib.describeRollbackPlan(plan).join('\n');
    if (!given.confirm) {
      const ok = await vscode.window.showWarningMessage(`Roll back ${environment} to ${plan.targetCommit.slice(0, 7)}?`, { modal: true, detail }, 'Record Rollback');
      if (ok !== 'Record Rollback') return undefined;
    }
    let incident = given.incident;
    if (incident === undefined && !given.confirm) {
      const open = (await session.index.incidents()).filter((i) => i.status !== 'resolved' && i.environment.toLowerCase() === environment.toLowerCase());
      if (open.length > 0) incident = (await vscode.window.showQuickPick([{ label: 'No incident', id: undefined as string | undefined }, ...open.map((i) => ({ label: i.title, description: i.incidentId, id: i.incidentId as string | undefined }))], { title: 'For which incident?' }))?.id;
    }
    const record = lib.rollbackRecord(plan, await actingPerson(session.root), session.clock, { incident });
    await appendIncidentEntry(session, record, services.records);
    if (config.deployments.createTag) {
      const records = await import('../../core/records/recordsEntry');
      await records.tagDeployment(record, config.deployments.tagPattern, config.deployments.pushTag, { cwd: session.root.fsPath, logger: services.logger }).catch((error: unknown) => services.logger.warn(`could not tag the rollback: ${String(error)}`));
    }
    const note = await lib.rollbackNote(plan, record, { root: session.root.fsPath, config, index: session.index, now: new Date(session.clock.now()), timeZone: session.timeZone, logger: services.logger });
    const told = await postToTeam(services, session, record, note);
    void vscode.window.showInformationMessage(`ChangeTrail: rollback ${record.id} of ${plan.current.id} recorded. Redeploy ${plan.targetCommit.slice(0, 7)} with your deployment tool. ${told > 0 ? `Told ${told} channel(s).` : ''}`);
    return record;
  },
};
