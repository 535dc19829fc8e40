import type { ServerResponse } from 'node:http';
import { type LocalHttpServer, type RecordedRequest, json, startLocalHttpServer } from '../localHttpServer';

// A Jira Software Cloud deployments API on 127.0.0.1, speaking the documented shapes:
// - token: https://developer.atlassian.com/cloud/jira/software/integrate-jsw-cloud-with-onpremises-tools/
//   POST /oauth/token {audience, grant_type: client_credentials, client_id, client_secret} -> {access_token, expires_in, token_type}
// - bulk: https://developer.atlassian.com/cloud/jira/software/rest/api-group-deployments/#api-rest-deployments-0-1-bulk-post
//   POST /jira/deployments/0.1/cloud/{cloudId}/bulk -> 202 {acceptedDeployments, rejectedDeployments, unknownIssueKeys}
//   400 {errors: [{message}]}, 401, 403, 429 with Retry-After. The url and pipeline.url are
//   "format: uri" of at most 2000 characters; pipeline.id and displayName at most 255. The associations of one deployment
//   hold at most 500 values in all ("maxItems: 500"); more is a 400 for the whole request in Jira's
//   common error shape {errorMessages: [...]} (as Jira answered GitLab: gitlab-org/gitlab#470092).
// Deployments are stored by (pipeline id, environment id, deploymentSequenceNumber); an update
// with an updateSequenceNumber not above the stored one is ignored, as Jira does.

export interface StoredJiraDeployment {
  readonly deploymentSequenceNumber: number;
  readonly updateSequenceNumber: number;
  readonly state: string;
  readonly associations: { associationType: string; values: string[] }[];
  readonly pipeline: { id: string; displayName: string; url: string };
  readonly environment: { id: string; displayName: string; type: string };
  readonly [field: string]: unknown;
}

export interface FakeJira {
  readonly server: LocalHttpServer;
  readonly deployments: Map<string, StoredJiraDeployment>;
  tokensIssued: number;
  /** Keys the site knows; others come back in unknownIssueKeys. */
  known: Set<string>;
  /** Environment ids whose deployments are rejected with this message. */
  rejectEnvironments: Map<string, string>;
  /** One-shot answer for the next bulk call (auth, validation, rate limit, a lost reply). */
  next?: (req: RecordedRequest, res: ServerResponse) => boolean;
  close(): Promise<void>;
}

export const JIRA_CLIENT = { clientId: 'jira-client-id-0001', clientSecret: 'jira-client-secret-never-logged' };

export async function startFakeJira(cloudId: string): Promise<FakeJira> {
  const fake: Partial<FakeJira> & { tokensIssued: number } = { deployments: new Map(), tokensIssued: 0, known: new Set(), rejectEnvironments: new Map() };
  const validTokens = new Set<string>();
  const server = await startLocalHttpServer((req, res) => {
    const f = fake as FakeJira;
    if (req.method === 'POST' && req.path === '/oauth/token') {
      const body = JSON.parse(req.body) as Record<string, string>;
      if (body.grant_type !== 'client_credentials' || body.audience !== 'api.atlassian.com') return json(res, 400, { error: 'invalid_request' });
      if (body.client_id !== JIRA_CLIENT.clientId || body.client_secret !== JIRA_CLIENT.clientSecret) return json(res, 401, { error: 'access_denied', error_description: 'Unauthorized' });
      f.tokensIssued++;
      const token = `token-${f.tokensIssued}-abcdefgh`;
      validTokens.add(token);
      return json(res, 200, { access_token: token, scope: 'manage:jira-data-provider', expires_in: 3600, token_type: 'Bearer' });
    }
    if (req.method === 'POST' && req.path === `/jira/deployments/0.1/cloud/${cloudId}/bulk`) {
      const next = f.next;
      f.next = undefined;
      if (next?.(req, res)) return;
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!validTokens.has(token)) return json(res, 401, { code: 401, message: 'Unauthorized' });
      const body = JSON.parse(req.body) as { deployments?: StoredJiraDeployment[] };
      if (!Array.isArray(body.deployments) || body.deployments.length === 0) return json(res, 400, { errors: [{ message: 'deployments must not be empty' }] });
      for (const d of body.deployments) {
        const count = d.associations.reduce((n, a) => n + a.values.length, 0);
        if (count > 500) return json(res, 400, { errorMessages: [`Sum of Association values across all association types can have a maximum of 500 elements. Found ${count}.`], errors: {} });
        // The schema's maxLength 255 on pipeline.id, pipeline.displayName and environment.displayName.
        for (const [field, value] of [['pipeline.id', d.pipeline.id], ['pipeline.displayName', d.pipeline.displayName], ['environment.displayName', d.environment.displayName]] as const) {
          if (value.length > 255) return json(res, 400, { errorMessages: [], errors: { [field]: 'size must be between 0 and 255' } });
        }
        // The schema's url and pipeline.url: "format: uri", "maxLength: 2000".
        for (const [field, value] of [['url', d.url], ['pipeline.url', d.pipeline.url]] as const) {
          if (typeof value !== 'string' || value.length > 2000 || !URL.canParse(value)) return json(res, 400, { errorMessages: [], errors: { [field]: 'must be a valid URL of at most 2000 characters' } });
        }
      }
      const accepted: unknown[] = [];
      const rejected: unknown[] = [];
      const unknown = new Set<string>();
      for (const d of body.deployments) {
        const key = { pipelineId: d.pipeline.id, environmentId: d.environment.id, deploymentSequenceNumber: d.deploymentSequenceNumber };
        const reason = f.rejectEnvironments.get(d.environment.id);
        if (reason) {
          rejected.push({ key, errors: [{ message: reason }] });
          continue;
        }
        for (const a of d.associations) for (const v of a.values) if (!f.known.has(v)) unknown.add(v);
        const id = `${key.pipelineId}|${key.environmentId}|${key.deploymentSequenceNumber}`;
        const stored = f.deployments.get(id);
        if (!stored || stored.updateSequenceNumber < d.updateSequenceNumber) f.deployments.set(id, d);
        accepted.push(key);
      }
      return json(res, 202, { acceptedDeployments: accepted, rejectedDeployments: rejected, unknownIssueKeys: [...unknown], unknownAssociations: [] });
    }
    json(res, 404, { message: 'Not Found' });
  });
  return Object.assign(fake, { server, close: () => server.close() }) as FakeJira;
}
