import type { ServerResponse } from 'node:http';
import { type LocalHttpServer, type RecordedRequest, json, startLocalHttpServer } from '../localHttpServer';

// GitLab's deployments API on 127.0.0.1, in the documented shapes:
// https://docs.gitlab.com/api/deployments/ (list by environment; create 201 with environment,
// sha, ref, tag, status; update status running/success/failed/canceled, a finished deployment
// cannot move again: 400), authentication with PRIVATE-TOKEN (https://docs.gitlab.com/api/rest/authentication/:
// 401 {"message":"401 Unauthorized"}), rate limits (https://docs.gitlab.com/security/rate_limits/: 429 with Retry-After).

export interface FakeGitlabDeployment {
  readonly id: number;
  readonly iid: number;
  readonly sha: string;
  readonly ref: string;
  readonly environment: string;
  status: string;
  readonly created_at: string;
  readonly updates: string[];
}

export interface FakeGitlab {
  readonly server: LocalHttpServer;
  readonly deployments: FakeGitlabDeployment[];
  known: Set<string>;
  /** The time the fake stamps on what it creates (tests never read the real clock). */
  now: string;
  next?: (req: RecordedRequest, res: ServerResponse) => boolean;
  dropCreateReply?: boolean;
  close(): Promise<void>;
}

export const GITLAB_TOKEN = 'glpat-fake-token-never-logged-01';

export async function startFakeGitlab(projectPath: string, now: string): Promise<FakeGitlab> {
  const fake = { deployments: [] as FakeGitlabDeployment[], known: new Set<string>(), now } as Partial<FakeGitlab> & { deployments: FakeGitlabDeployment[] };
  const base = `/api/v4/projects/${encodeURIComponent(projectPath)}/deployments`;
  const server = await startLocalHttpServer((req, res) => {
    const f = fake as FakeGitlab;
    const next = f.next;
    f.next = undefined;
    if (next?.(req, res)) return;
    if (req.headers['private-token'] !== GITLAB_TOKEN) return json(res, 401, { message: '401 Unauthorized' });
    // The raw path keeps %2F encoded, as GitLab requires for a project path.
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && path === base) {
      const env = req.query.get('environment');
      const list = f.deployments.filter((d) => !env || d.environment === env).map((d) => ({ ...d, environment: { name: d.environment } }));
      return json(res, 200, req.query.get('sort') === 'desc' ? list.reverse() : list);
    }
    if (req.method === 'POST' && path === base) {
      const body = JSON.parse(req.body) as { environment?: string; sha?: string; ref?: string; tag?: boolean; status?: string };
      if (!body.environment || !body.ref || body.tag === undefined || !body.status) return json(res, 400, { error: 'environment, sha, ref, tag, status are missing' });
      if (!body.sha || !f.known.has(body.sha)) return json(res, 400, { message: { sha: ['is not a commit of this project'] } });
      const d: FakeGitlabDeployment = { id: 500 + f.deployments.length, iid: f.deployments.length + 1, sha: body.sha, ref: body.ref, environment: body.environment, status: body.status, created_at: f.now, updates: [body.status] };
      f.deployments.push(d);
      if (f.dropCreateReply) {
        f.dropCreateReply = false;
        res.socket?.destroy();
        return;
      }
      return json(res, 201, { ...d, environment: { name: d.environment } });
    }
    const one = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(\\d+)$`).exec(path);
    if (req.method === 'PUT' && one) {
      const d = f.deployments.find((x) => x.id === Number(one[1]));
      if (!d) return json(res, 404, { message: '404 Not found' });
      const { status } = JSON.parse(req.body) as { status?: string };
      if (!['running', 'success', 'failed', 'canceled'].includes(status ?? '')) return json(res, 400, { error: 'status does not have a valid value' });
      if (d.status !== 'running' && d.status !== 'created') return json(res, 400, { message: `Cannot transition status via :${status} from :${d.status}` });
      d.status = status!;
      d.updates.push(status!);
      return json(res, 200, { ...d, environment: { name: d.environment } });
    }
    json(res, 404, { message: '404 Not found' });
  });
  return Object.assign(fake, { server, close: () => server.close() }) as FakeGitlab;
}
