import { basename } from 'node:path';
import type { TeamConfig } from '../config/teamConfigSchema';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import { buildDeploymentNote, recordedNote } from '../notes/deploymentNote';
import { deploymentRange } from '../notes/deploymentRange';
import type { ChannelContent } from '../notes/noteSchema';
import { fallbackContent } from '../notes/noteStore';
import type { DeploymentRecord } from '../records/changeRecord';
import type { ChangeLogIndex } from '../records/index/changeLogIndex';
import { readProblems } from '../records/index/readProblems';
import type { RollbackPlan } from './rollbackPlan';

/** What the note of a rollback is made from. */
export interface RollbackNoteInput {
  readonly root: string;
  readonly config: TeamConfig;
  readonly index: ChangeLogIndex;
  readonly now: Date;
  readonly timeZone?: string;
  readonly logger: Logger;
}

/**
 * The channel note of a recorded rollback: the deployment note of going back to the target
 * commit (the commits it takes out, from the repository), saying what it reverses and for which
 * incident. When the repository cannot tell (the commit is gone), the note made from the record alone.
 */
export async function rollbackNote(plan: RollbackPlan, record: DeploymentRecord, input: RollbackNoteInput): Promise<ChannelContent> {
  try {
    const entries = [...(await input.index.deploymentsOf(plan.environment)).filter((d) => d.id !== record.id), ...plan.undoneChanges];
    const range = await deploymentRange(input.root, plan.environment, plan.targetCommit, { entries, tagPattern: input.config.deployments.tagPattern, ticketSyntax: input.config.tickets, logger: input.logger });
    // The changes made outside git since the target went live stay: the note says so, with how to undo each.
    const note = buildDeploymentNote({ range, entries, config: input.config, now: input.now, by: record.by.name, repository: basename(input.root), timeZone: input.timeZone, outsideGit: plan.keptOutsideGit, logProblems: readProblems(input.index) });
    return recordedNote({ ...note, problems: [`Rollback of deployment ${plan.current.id}${record.incident ? ` for incident ${record.incident}` : ''}.`, ...note.problems] }, record);
  } catch (error) {
    input.logger.warn(`the rollback note lists no commits: ${errorMessage(error)}`);
    return fallbackContent(record);
  }
}
