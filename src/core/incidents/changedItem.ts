import { isPlaceholder } from '../checklist/answers';
import { CRITICALITIES, type Criticality, escalationFor } from '../checklist/systemsForPaths';
import type { TeamConfig } from '../config/teamConfigSchema';
import type { ChangeRecord } from '../records/changeRecord';
import type { ChangedItem } from './whatChangedTypes';

/** The parts of the team config a change is described with. */
export type ItemConfig = Pick<TeamConfig, 'systems' | 'escalation'>;

/**
 * A change record as support reads it: owners and runbook from the record, else from the team's
 * systems; escalation from the record, else the team's matrix for the most critical system.
 * `commits` narrows the record's commits to those the deployment carried.
 */
export function changedItem(record: ChangeRecord, config: ItemConfig, commits?: readonly string[]): ChangedItem {
  const team = (name: string) => config.systems.find((s) => s.name.trim().toLowerCase() === name.trim().toLowerCase());
  const owners = [...new Set(record.systems.map((s) => s.owner?.trim() || team(s.name)?.owner?.trim() || '').filter(Boolean))];
  const runbook = record.runbook?.trim() || record.systems.map((s) => team(s.name)?.runbook).find((r) => r !== undefined);
  const known = record.systems.filter((s): s is typeof s & { criticality: Criticality } => CRITICALITIES.includes(s.criticality as Criticality));
  const escalation = record.escalation?.trim() || escalationFor(known, config.escalation)?.owner;
  return {
    recordId: record.id,
    tickets: [...record.tickets],
    title: record.title,
    description: record.description.trim() || record.reason.trim(),
    author: record.author.name,
    owners,
    systems: record.systems.map((s) => s.name),
    riskFlags: [...record.riskFlags],
    ...(isPlaceholder(record.rollbackPlan) ? {} : { rollbackPlan: record.rollbackPlan.trim() }),
    ...(escalation ? { escalation } : {}),
    ...(runbook ? { runbook } : {}),
    ...(record.freezeOverride ? { freezeOverride: `${record.freezeOverride.reason} (${record.freezeOverride.by.name})` } : {}),
    commits: commits ? [...commits] : record.commits.map((c) => c.sha),
    origin: record.origin ?? 'git',
  };
}
