import type { TeamConfig, TrackerConfig } from '../../config/teamConfigSchema';
import { trackerIdOf } from '../../config/teamConfigSchema';
import { HttpClient, type NetworkOptions } from '../../net/httpClient';
import type { Logger } from '../../log';
import type { Clock } from '../../clock';
import { AzureBoardsProvider } from './azureBoards';
import { GitHubProvider } from './github';
import { GitLabProvider } from './gitlab';
import { JiraCloudProvider } from './jiraCloud';
import { JiraServerProvider } from './jiraServer';
import { LinearProvider } from './linear';
import { LocalProvider } from './localProvider';
import type { TrackerCredentials, TrackerProvider } from './trackerProvider';
import { trackerLabel } from './trackerLabel';

/** What building providers needs from the host (or the CLI). */
export interface ProviderFactoryDeps {
  readonly repoRoot: string;
  readonly network: NetworkOptions;
  readonly logger: Logger;
  /** Credentials for a tracker, from SecretStorage or an auth session; 'none' when not signed in. */
  credentials(tracker: TrackerConfig): Promise<TrackerCredentials>;
  /** Whether remote trackers may be contacted (false in an untrusted workspace). */
  readonly allowRemote: boolean;
  /** "Now" for rate-limit retry times (default: the system clock). */
  readonly clock?: Clock;
}

/** The providers for a repository's configured trackers; remote ones only when allowed. */
export async function createProviders(config: TeamConfig, deps: ProviderFactoryDeps): Promise<TrackerProvider[]> {
  const providers: TrackerProvider[] = [];
  for (const tracker of config.trackers) {
    if (tracker.type === 'local') {
      providers.push(new LocalProvider(trackerIdOf(tracker), deps.repoRoot, tracker.file, config.tickets, deps.logger));
      continue;
    }
    if (!deps.allowRemote) continue;
    providers.push(await createRemoteProvider(tracker, config, deps));
  }
  return providers;
}

async function createRemoteProvider(tracker: Exclude<TrackerConfig, { type: 'local' }>, config: TeamConfig, deps: ProviderFactoryDeps): Promise<TrackerProvider> {
  const http = new HttpClient(trackerLabel(tracker), deps.network, deps.logger, deps.clock);
  const providerDeps = { http, credentials: await credentialsOf(tracker, deps), logger: deps.logger, repoRoot: deps.repoRoot };
  switch (tracker.type) {
    case 'jira-cloud':
      return new JiraCloudProvider(tracker, providerDeps, config.tickets.projects);
    case 'jira-server':
      return new JiraServerProvider(tracker, providerDeps, config.tickets.projects);
    case 'github':
      return new GitHubProvider(tracker, providerDeps);
    case 'gitlab':
      return new GitLabProvider(tracker, providerDeps);
    case 'linear':
      return new LinearProvider(tracker, providerDeps);
    case 'azure-boards':
      return new AzureBoardsProvider(tracker, providerDeps);
  }
}

/**
 * A tracker's credentials; a store that fails (no OS keyring, no `github` sign-in provider in this
 * editor) counts as not signed in, so the other trackers and the offline cache still answer.
 */
async function credentialsOf(tracker: Exclude<TrackerConfig, { type: 'local' }>, deps: ProviderFactoryDeps): Promise<TrackerCredentials> {
  try {
    return await deps.credentials(tracker);
  } catch (error) {
    deps.logger.warn(`${trackerLabel(tracker)}: credentials cannot be read (${error instanceof Error ? error.message : String(error)}); going on as not signed in`);
    return { kind: 'none' };
  }
}
