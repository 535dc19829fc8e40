import type { EnvironmentType } from '../../../config/engines/environmentTypes';
import { ulidTime } from '../../ulid';
import type { DeploymentRecord } from '../../changeRecord';
import { cutText } from './cutText';

export type JiraDeploymentState = 'successful' | 'rolled_back' | 'failed';

/** One deployment as Jira's bulk endpoint takes it (https://developer.atlassian.com/cloud/jira/software/rest/api-group-deployments/#api-rest-deployments-0-1-bulk-post). */
export interface JiraDeployment {
  readonly schemaVersion: '1.0';
  readonly deploymentSequenceNumber: number;
  readonly updateSequenceNumber: number;
  readonly associations: readonly { readonly associationType: 'issueIdOrKeys'; readonly values: readonly string[] }[];
  readonly displayName: string;
  readonly url: string;
  readonly description: string;
  readonly lastUpdated: string;
  readonly label: string;
  readonly state: JiraDeploymentState;
  readonly pipeline: { readonly id: string; readonly displayName: string; readonly url: string };
  readonly environment: { readonly id: string; readonly displayName: string; readonly type: EnvironmentType };
}

/**
 * A stable deploymentSequenceNumber for a record: its ULID's milliseconds times 1000 plus three
 * digits from the rest of the id, so a retry (or a later state change) names the same Jira
 * deployment, later deployments get larger numbers, and the value stays below 2^53.
 */
export function deploymentSequenceNumber(id: string): number {
  let hash = 0;
  for (const ch of id.slice(10)) hash = (hash * 31 + ch.charCodeAt(0)) % 1000;
  return ulidTime(id) * 1000 + hash;
}

/** The updateSequenceNumber of a state sent because of `cause` (the record itself, or the rollback that undid it): later causes, larger numbers. */
export function updateSequenceNumber(cause: string): number {
  return deploymentSequenceNumber(cause);
}

export interface JiraDeploymentInput {
  readonly record: DeploymentRecord;
  readonly state: JiraDeploymentState;
  /** The entry that caused this state (the record, or its rollback). */
  readonly cause: DeploymentRecord;
  readonly keys: readonly string[];
  readonly pipeline: { readonly id: string; readonly displayName: string; readonly url: string };
  readonly url: string;
  readonly environmentType: EnvironmentType;
}

const cut = (text: string, max: number) => cutText(text, max, '…');

export function jiraDeployment(input: JiraDeploymentInput): JiraDeployment {
  const { record, state, cause } = input;
  const short = record.commit.slice(0, 12);
  const what = record.kind === 'rollback' ? `Rollback of ${record.environment} to ${short}` : `Deploy ${short} to ${record.environment}`;
  const note = record.note ? ` — ${record.note}` : '';
  return {
    schemaVersion: '1.0',
    deploymentSequenceNumber: deploymentSequenceNumber(record.id),
    updateSequenceNumber: updateSequenceNumber(cause.id),
    associations: [{ associationType: 'issueIdOrKeys', values: input.keys }],
    displayName: cut(what, 255),
    url: input.url,
    description: cut(`${what} by ${record.by.name}${note} (ChangeTrail ${record.id})`, 255),
    lastUpdated: cause.createdAt,
    label: cut(short, 255),
    state,
    // Jira's schema caps these at 255 and refuses the whole request beyond; the URLs (at most 2000)
    // are chosen by the sink (recordLink), with the configured ones, checked by the config schema.
    pipeline: { id: cut(input.pipeline.id, 255), displayName: cut(input.pipeline.displayName, 255), url: input.pipeline.url },
    environment: { id: cut(record.environment, 255), displayName: cut(record.environment, 255), type: input.environmentType },
  };
}
