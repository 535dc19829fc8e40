import { runGit } from '../git/runGit';
import type { Logger } from '../log';
import type { DeploymentRecord } from '../records/changeRecord';

/** At most this many commits of one deployment are listed: a larger range is not read for a history row. */
const MAX_COMMITS = 5000;
const SHA = /^[0-9a-f]{7,64}$/i;

/**
 * The commits a deployment put live: previousCommit..commit (git rev-list), or the deployed commit
 * alone when the previous one is unknown. Memoised per deployment id for one caller's lifetime.
 */
export function deploymentCommits(repoRoot: string, options: { readonly gitPath?: string; readonly logger?: Logger }): (deployment: DeploymentRecord) => Promise<readonly string[]> {
  const known = new Map<string, Promise<readonly string[]>>();
  return (deployment) => {
    let commits = known.get(deployment.id);
    if (!commits) {
      // Only shas go to git: a log line must not smuggle in an option.
      commits = deployment.previousCommit && SHA.test(deployment.previousCommit) && SHA.test(deployment.commit)
        ? runGit(['rev-list', `--max-count=${MAX_COMMITS}`, `${deployment.previousCommit}..${deployment.commit}`, '--'], { cwd: repoRoot, ...options }).then((out) => out.split('\n').filter(Boolean), () => [deployment.commit])
        : Promise.resolve([deployment.commit]);
      known.set(deployment.id, commits);
    }
    return commits;
  };
}
