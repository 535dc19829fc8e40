import { shellCommand } from './shellQuote';
import type { ChangedItem, RollbackStep } from './whatChangedTypes';

/** What the rollback step of a deployment is worked out from. */
export interface RollbackStepInput {
  readonly environment: string;
  readonly commit?: string;
  /** The commit live before this deployment. */
  readonly previousCommit?: string;
  readonly changes: readonly Pick<ChangedItem, 'commits' | 'rollbackPlan' | 'title'>[];
  readonly unrecorded: readonly { readonly sha: string }[];
  /** Whether this deployment is still the one live (no later deployment on top of it). */
  readonly live: boolean;
}

const short = (sha: string) => sha.slice(0, 7);
const DATA_CAVEAT = 'Code only: data migrations, flags and third-party settings follow each change’s own rollback plan.';

/**
 * The exact step that undoes a deployment. While it is still live: redeploy the commit that was
 * live before (and record that with `changetrail rollback`). Once later deployments sit on top:
 * revert its commits (`git revert --no-edit --no-merges prev..commit`, or the listed shas), so the
 * later work stays. A change made outside git has no commits: follow its plan.
 */
export function rollbackStepFor(input: RollbackStepInput): RollbackStep {
  const env = input.environment;
  if (input.live && input.previousCommit) {
    return {
      kind: 'redeploy',
      commit: input.previousCommit,
      command: shellCommand(['changetrail', 'rollback', '--env', env, '--to', input.previousCommit]),
      explanation: `Redeploy ${short(input.previousCommit)}, the commit live on ${env} before, with your deployment tool; the command records the rollback and posts the note. ${DATA_CAVEAT}`,
    };
  }
  if (input.previousCommit && input.commit) {
    return {
      kind: 'revert',
      command: shellCommand(['git', 'revert', '--no-edit', '--no-merges', `${input.previousCommit}..${input.commit}`]),
      explanation: `Later deployments sit on top of this one: revert its commits (${short(input.previousCommit)}..${short(input.commit)}) on the main branch and deploy that. ${DATA_CAVEAT}`,
    };
  }
  const shas = [...new Set([...input.changes.flatMap((c) => c.commits), ...input.unrecorded.map((u) => u.sha)])];
  if (shas.length > 0) {
    return {
      kind: 'revert',
      commits: shas,
      command: shellCommand(['git', 'revert', '--no-edit', ...shas]),
      explanation: `Revert ${shas.length === 1 ? 'its commit' : `its ${shas.length} commits`} and deploy that${input.live ? ' (the commit live before is not known)' : ''}. ${DATA_CAVEAT}`,
    };
  }
  const plans = input.changes.map((c) => `${c.title}: ${c.rollbackPlan ?? 'NO ROLLBACK PLAN GIVEN'}`);
  return { kind: 'plan', explanation: plans.length > 0 ? `No commits to revert: follow the plan. ${plans.join(' · ')}` : 'Nothing recorded to undo: find the change in the deployment tool.' };
}
