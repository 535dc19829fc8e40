import { isPlaceholder } from '../checklist/answers';
import type { RollbackPlan } from './rollbackPlan';

const short = (sha: string) => sha.slice(0, 7);

/**
 * What a rollback takes out and what it leaves in place, a line each, as the CLI prints it and the
 * editor's confirmation shows it: the deployments undone with their changes' own rollback plans,
 * and the changes made outside git since the target went live (redeploying does not undo them).
 */
export function describeRollbackPlan(plan: RollbackPlan): string[] {
  const lines = [`Rolling ${plan.environment} back to ${short(plan.targetCommit)}${plan.target ? ` (deployment ${plan.target.id} of ${plan.target.createdAt.slice(0, 16).replace('T', ' ')} UTC)` : ''}.`, 'This takes out:'];
  for (const d of plan.undone) lines.push(`  deployment ${d.id} of ${d.createdAt.slice(0, 16).replace('T', ' ')} UTC: ${short(d.previousCommit ?? '???????')}..${short(d.commit)} by ${d.by.name}${d.kind === 'rollback' ? ' (itself a rollback)' : ''}`);
  for (const c of plan.undoneChanges) lines.push(`    - ${c.tickets.length > 0 ? `${c.tickets.join(', ')}: ` : ''}${c.title.replace(/\s+/g, ' ')}; its own rollback plan: ${isPlaceholder(c.rollbackPlan) ? 'NONE GIVEN' : c.rollbackPlan.replace(/\s+/g, ' ').trim()}`);
  const kept = plan.keptOutsideGit.records;
  if (kept.length > 0) {
    lines.push(`This does not undo ${kept.length === 1 ? 'the change' : `the ${kept.length} changes`} made outside git on ${plan.environment} since ${plan.keptOutsideGit.since.slice(0, 16).replace('T', ' ')} UTC:`);
    for (const c of kept) lines.push(`    - ${(c.changedAt ?? c.createdAt).slice(0, 16).replace('T', ' ')} UTC ${c.id}: ${c.title.replace(/\s+/g, ' ').trim()} (${c.systems.map((x) => x.name).join(', ')}); to undo it: ${isPlaceholder(c.rollbackPlan) ? 'NONE GIVEN' : c.rollbackPlan.replace(/\s+/g, ' ').trim()}`);
  }
  lines.push('Redeploying code does not undo data migrations, feature flags or third-party settings: follow the plans above for those.');
  return lines;
}
