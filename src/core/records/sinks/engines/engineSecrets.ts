import type { EnginesPolicy } from '../../../config/enginesSchema';
import { engineSecretVariable } from './engineSinkSetup';

/** A secret an engine asks for: where SecretStorage keeps it (engine, name) and what it is, for people. */
export interface EngineSecret {
  readonly engine: keyof EnginesPolicy & string;
  readonly name: string;
  readonly label: string;
}

/** The secrets of the engines, one line per secret. */
export const ENGINE_SECRETS: readonly EngineSecret[] = [
  { engine: 'jira', name: 'clientId', label: 'Jira OAuth client id (Jira admin > Apps > OAuth credentials)' },
  { engine: 'jira', name: 'clientSecret', label: 'Jira OAuth client secret' },
  { engine: 'github', name: 'token', label: 'GitHub token (repo_deployment, or Deployments: write)' },
  { engine: 'gitlab', name: 'token', label: 'GitLab token (scope api, Developer role)' },
  { engine: 'devlake', name: 'apiKey', label: 'Apache DevLake API key (of the webhook connection)' },
  { engine: 'cdevents', name: 'token', label: 'CloudEvents receiver token (optional; sent as Bearer or in authHeader)' },
];

/** The secrets of the engines a team config turns on, each with its CI variable. */
export function secretsOfConfiguredEngines(engines: EnginesPolicy): (EngineSecret & { readonly variable: string })[] {
  return ENGINE_SECRETS.filter((s) => (engines as Record<string, unknown>)[s.engine] !== undefined).map((s) => ({ ...s, variable: engineSecretVariable(s.engine, s.name) }));
}
