import { type RunGitOptions, runGit } from '../git/runGit';
import type { DeploymentRecord } from '../records/changeRecord';

/**
 * The tag that marks a deployment: the team's tagPattern with {env} replaced and `*` (or, without
 * one, a last segment) made of the UTC time, e.g. deploy/production/2025-03-14-093000. Refnames
 * take no ":" and no spaces, so neither appears.
 */
export function deploymentTagName(tagPattern: string, environment: string, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, '').replace(/T/, '-').replace(/:/g, '');
  const env = environment.trim().replace(/[^A-Za-z0-9._-]+/g, '-');
  const withEnv = tagPattern.split('{env}').join(env);
  return withEnv.includes('*') ? withEnv.replace('*', stamp) : `${withEnv.replace(/\/+$/, '')}/${stamp}`;
}

/**
 * Creates an annotated tag for a recorded deployment and, with `push`, pushes it to origin.
 * Returns the tag name; throws a ChangeTrailError (GitFailed) naming git's complaint.
 */
export async function tagDeployment(record: DeploymentRecord, tagPattern: string, push: boolean, git: RunGitOptions): Promise<string> {
  const name = deploymentTagName(tagPattern, record.environment, new Date(record.createdAt));
  await runGit(['tag', '-a', name, record.commit, '-m', `Deployed to ${record.environment} by ${record.by.name} (ChangeTrail deployment record ${record.id})`], git);
  if (push) await runGit(['push', 'origin', `refs/tags/${name}`], git);
  return name;
}
