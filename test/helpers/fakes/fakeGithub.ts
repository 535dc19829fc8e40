import type { ServerResponse } from 'node:http';
import { type LocalHttpServer, type RecordedRequest, json, startLocalHttpServer } from '../localHttpServer';

// GitHub's deployments REST API on 127.0.0.1, in the documented shapes:
// https://docs.github.com/en/rest/deployments/deployments (list with sha/environment filters,
// create: 201, 409 merge conflict, 422 {message: "Validation Failed", errors: [...]})
// https://docs.github.com/en/rest/deployments/statuses (newest first; auto_inactive marks the
// environment's earlier non-transient deployments inactive on success)
// https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api (403/429 with x-ratelimit-*)

export interface FakeGithubDeployment {
  readonly id: number;
  readonly sha: string;
  readonly ref: string;
  readonly environment: string;
  readonly payload: unknown;
  readonly production_environment: boolean;
  readonly statuses: { state: string; description?: string }[];
}

export interface FakeGithub {
  readonly server: LocalHttpServer;
  readonly deployments: FakeGithubDeployment[];
  /** Shas the repository has; others are refused with 422 as GitHub does. */
  known: Set<string>;
  /** One-shot answer for the next request (returns true when it answered). */
  next?: (req: RecordedRequest, res: ServerResponse) => boolean;
  /** Runs after the fake handled a create, instead of answering (a lost reply). */
  dropCreateReply?: boolean;
  close(): Promise<void>;
}

export const GITHUB_TOKEN = 'ghp_fake_token_never_logged_0123';

export async function startFakeGithub(owner: string, repo: string): Promise<FakeGithub> {
  const fake = { deployments: [] as FakeGithubDeployment[], known: new Set<string>() } as Partial<FakeGithub> & { deployments: FakeGithubDeployment[] };
  const base = `/repos/${owner}/${repo}/deployments`;
  const server = await startLocalHttpServer((req, res) => {
    const f = fake as FakeGithub;
    const next = f.next;
    f.next = undefined;
    if (next?.(req, res)) return;
    if (req.headers.authorization !== `Bearer ${GITHUB_TOKEN}`) return json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    const limits = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1773140400' };
    if (req.method === 'GET' && req.path === base) {
      const sha = req.query.get('sha');
      const env = req.query.get('environment');
      return json(res, 200, f.deployments.filter((d) => (!sha || d.sha === sha) && (!env || d.environment === env)).slice().reverse(), limits);
    }
    if (req.method === 'POST' && req.path === base) {
      const body = JSON.parse(req.body) as { ref?: string; environment?: string; payload?: unknown; production_environment?: boolean; auto_merge?: boolean };
      if (!body.ref || !f.known.has(body.ref)) return json(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Deployment', code: 'custom', field: 'ref', message: `No ref found for: ${body.ref}` }], documentation_url: 'https://docs.github.com/rest/deployments/deployments#create-a-deployment' });
      const d: FakeGithubDeployment = { id: 1000 + f.deployments.length, sha: body.ref, ref: body.ref, environment: body.environment ?? 'production', payload: body.payload ?? {}, production_environment: body.production_environment ?? false, statuses: [] };
      f.deployments.push(d);
      if (f.dropCreateReply) {
        f.dropCreateReply = false;
        res.socket?.destroy();
        return;
      }
      return json(res, 201, d, limits);
    }
    const status = /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(req.path);
    if (status) {
      const d = f.deployments.find((x) => x.id === Number(status[1]));
      if (!d) return json(res, 404, { message: 'Not Found' });
      if (req.method === 'GET') return json(res, 200, d.statuses.slice().reverse().slice(0, Number(req.query.get('per_page') ?? 30)), limits);
      const body = JSON.parse(req.body) as { state?: string; description?: string; auto_inactive?: boolean };
      if (!['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'].includes(body.state ?? '')) return json(res, 422, { message: 'Validation Failed', errors: [{ resource: 'DeploymentStatus', code: 'invalid', field: 'state' }] });
      if (body.state === 'success' && body.auto_inactive !== false) {
        for (const other of f.deployments) if (other !== d && other.environment === d.environment && other.statuses.at(-1)?.state === 'success') other.statuses.push({ state: 'inactive' });
      }
      d.statuses.push({ state: body.state!, description: body.description });
      return json(res, 201, { id: d.statuses.length, state: body.state }, limits);
    }
    json(res, 404, { message: 'Not Found' });
  });
  return Object.assign(fake, { server, close: () => server.close() }) as FakeGithub;
}
