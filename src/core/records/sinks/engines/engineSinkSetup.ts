import type { Clock } from '../../../clock';
import type { Logger } from '../../../log';
import type { NetworkOptions } from '../../../net/networkOptions';
import type { ChangeLogIndex } from '../../index/changeLogIndex';

/**
 * What an engine sink (Jira deployments, GitHub/GitLab deployments, DevLake, CDEvents) gets to
 * work with. Secrets never come from the team config: the host reads them from SecretStorage, the
 * CLI from CHANGETRAIL_<ID>_<NAME> environment variables (engineSecretVariable).
 */
export interface EngineSinkSetup {
  /** A secret of an engine, e.g. secret('jira', 'clientSecret'); undefined when not set (the sink then waits, never sends unauthenticated). */
  readonly secret: (engineId: string, name: string) => Promise<string | undefined>;
  /** The change log, to look up the change records a deployment carried (tickets, commits). */
  readonly index?: ChangeLogIndex;
  /** The repository's root, for git look-ups (commit of a deployment, remote URL). */
  readonly repoRoot?: string;
  readonly network?: NetworkOptions;
  readonly clock?: Clock;
  readonly logger: Logger;
}

/** The environment variable that holds an engine's secret in CI, e.g. CHANGETRAIL_JIRA_CLIENT_SECRET. */
export function engineSecretVariable(engineId: string, name: string): string {
  const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  return `CHANGETRAIL_${snake(engineId)}_${snake(name)}`;
}

/** Secrets from the environment (CLI, CI). */
export function engineSecretsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): EngineSinkSetup['secret'] {
  // CI secrets often end in the newline of the file or echo they came from; SecretStorage's are trimmed when set.
  return async (engineId, name) => env[engineSecretVariable(engineId, name)]?.trim() || undefined;
}
