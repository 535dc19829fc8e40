import { plainGit } from '../git/plainGit';
import type { RunGitOptions } from '../git/runGit';
import type { DeploymentRecord } from '../records/changeRecord';
import { withoutTrailingSlashes } from '../net/trailingSlashes';

/**
 * The tag that marks a deployment: the team's tagPattern with {env} replaced and `*` (or, without
 * one, a last segment) made of the UTC time, e.g. deploy/production/2025-03-14-093000. Refnames
 * take no ":" and no spaces, so neither appears.
 */
export function deploymentTagName(tagPattern: string, environment: string, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, '').replace(/T/, '-').replace(/:/g, '');
  const env = environment.trim().replace(/[^A-Za-z0-9._-]+/g, '-');
  const withEnv = tagPattern.split('{env}').join(env);
  return withEnv.includes('*') ? withEnv.replace('*', stamp) : `${withoutTrailingSlashes(withEnv)}/${stamp}`;
}

/**
 * Creates an annotated tag for a recorded deployment and, with `push`, pushes it to origin.
 * Returns the tag name; throws a ChangeTrailError (GitFailed) naming git's complaint.
 */
export async function tagDeployment(record: DeploymentRecord, tagPattern: string, push: boolean, git: RunGitOptions): Promise<string> {
  const name = deploymentTagName(tagPattern, record.environment, new Date(record.createdAt));
  const message = `Deployed to ${record.environment} by ${record.by.name} (ChangeTrail deployment record ${record.id})`;
  await plainGit(['tag', '-a', name], git, (g) => g.tag(['-a', name, record.commit, '-m', message]));
  if (push) await plainGit(['push', 'origin', name], git, (g) => g.push('origin', `refs/tags/${name}`));
  return name;
}
