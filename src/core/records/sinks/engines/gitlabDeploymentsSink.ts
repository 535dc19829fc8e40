import * as z from 'zod/mini';
import type { GitlabEngine } from '../../../config/engines/gitlabEngine';
import { ChangeTrailError } from '../../../errors';
import { TrackerError } from '../../../net/trackerError';
import type { DeploymentRecord, LogEntry } from '../../changeRecord';
import type { DeliveryOptions, DeliveryProgress, RecordSink } from '../recordSink';
import { carriedRecords } from './carriedRecords';
import { EngineHttp, refusal } from './engineHttp';
import type { EngineSinkSetup } from './engineSinkSetup';
import { withoutTrailingSlashes } from '../../../net/trailingSlashes';

// https://docs.gitlab.com/api/deployments/ : list (environment, order_by, sort), create
// (environment, sha, ref, tag, status), update (status: running, success, failed, canceled).
/**
 * DeliveryProgress steps: the create went out (its reply may be lost), GitLab answered it with
 * deployment <id> (so that one is this record's), and the deployment is success.
 */
const CREATE_SENT = 'gitlab-create-sent';
const created = (id: number) => `gitlab-created:${id}`;
const FINISHED = 'gitlab-success';

const deploymentSchema = z.object({ id: z.number(), sha: z.string(), status: z.string(), created_at: z.optional(z.string()) });

/**
 * GitLab deployments, so the project's environments page matches the change log: each deployment
 * or rollback record becomes a deployment of its commit created as running, then updated to
 * success. A retry finishes the deployment GitLab's answer to its create named; when that answer
 * was lost, it takes only an unfinished deployment of the same sha in the same environment created
 * since the record was written; a first attempt never looks, since a deployment of that commit may
 * be another record's. GitLab moves a finished deployment to no other state, so a rolled-back deployment stays
 * success: the rollback's own deployment, newer, is what the environment then shows.
 */
export class GitlabDeploymentsSink implements RecordSink {
  readonly id = 'gitlab-deployments';
  readonly label: string;
  private readonly http: EngineHttp;
  private readonly projectUrl: string;

  constructor(
    private readonly config: GitlabEngine,
    private readonly setup: EngineSinkSetup,
  ) {
    this.label = `GitLab deployments (${config.projectId})`;
    this.projectUrl = `${withoutTrailingSlashes(config.apiBaseUrl ?? 'https://gitlab.com/api/v4')}/projects/${encodeURIComponent(String(config.projectId))}`;
    this.http = new EngineHttp(this.label, setup, {
      auth: 'set the GitLab token again (SecretStorage, or CHANGETRAIL_GITLAB_TOKEN)',
      forbidden: 'the token needs the api scope and the Developer role on the project (protected environments need more)',
      notFound: `check engines.gitlab.projectId (${config.projectId}) and apiBaseUrl`,
    });
  }

  async deliver(entry: LogEntry, { signal, progress }: DeliveryOptions): Promise<{ readonly url?: string }> {
    if (entry.schema !== 'changetrail/deployment') return {};
    if (progress?.has(FINISHED)) return {};
    const token = await this.setup.secret('gitlab', 'token');
    if (!token) throw new ChangeTrailError('ConfigInvalid', `${this.label}: no token set (SecretStorage, or CHANGETRAIL_GITLAB_TOKEN)`);
    const headers = { 'PRIVATE-TOKEN': token };
    // Look only when an earlier attempt sent the create: a deployment of the same commit made for
    // another record (queued ahead, or a redeploy) is not this record's, and taking it for ours
    // left a rollback or a redeploy off the environments page.
    const existing = !progress || progress.has(CREATE_SENT) ? await this.find(entry, headers, progress, signal) : undefined;
    if (existing?.status === 'success') {
      await progress?.mark(FINISHED);
      return {};
    }
    let id = existing?.id;
    if (id === undefined) {
      await progress?.mark(CREATE_SENT);
      id = await this.create(entry, headers, signal);
      await progress?.mark(created(id));
    }
    const res = await this.http.request({ method: 'PUT', url: `${this.projectUrl}/deployments/${id}`, headers: { ...headers, 'Content-Type': 'application/json' }, body: { status: 'success' }, signal });
    if (res.status >= 400) throw refusal(this.label, res);
    await progress?.mark(FINISHED);
    return {};
  }

  // The one an earlier attempt of this record made. One whose id the create's answer gave us is
  // ours whatever its state. Otherwise (the create's reply was lost) only an unfinished one of the
  // same sha created since the record can be ours: the sink creates them running and finishes only
  // its own, so a finished one of unknown origin is another record's (a redeploy, or a create that
  // was answered 502 or 429 and made nothing), and taking it left this record off GitLab.
  // Without progress (a direct call, no outbox) any match is taken, so a repeated call is harmless.
  private async find(record: DeploymentRecord, headers: Record<string, string>, progress: DeliveryProgress | undefined, signal?: AbortSignal) {
    const res = await this.http.request({ url: `${this.projectUrl}/deployments`, headers, params: { environment: record.environment, order_by: 'id', sort: 'desc', per_page: 100 }, signal });
    const list = z.array(deploymentSchema).safeParse(res.data);
    if (res.status >= 300 || !list.success) return undefined;
    if (progress) {
      const ours = list.data.find((d) => progress.has(created(d.id)));
      if (ours) return ours;
    }
    const since = Date.parse(record.createdAt);
    const candidates = list.data.filter((d) => d.sha.startsWith(record.commit) && (!d.created_at || Date.parse(d.created_at) >= since));
    const unfinished = candidates.find((d) => d.status === 'running' || d.status === 'created');
    return progress ? unfinished : (unfinished ?? candidates[0]);
  }

  private async create(record: DeploymentRecord, headers: Record<string, string>, signal?: AbortSignal): Promise<number> {
    const carried = await carriedRecords(this.setup.index, record);
    const ref = carried.find((r) => r.baseBranch)?.baseBranch ?? this.config.ref ?? 'main';
    const res = await this.http.request({
      method: 'POST',
      url: `${this.projectUrl}/deployments`,
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: { environment: record.environment, sha: record.commit, ref, tag: false, status: 'running' },
      signal,
    });
    if (res.status >= 400) throw refusal(this.label, res);
    const parsed = deploymentSchema.safeParse(res.data);
    if (!parsed.success) throw new TrackerError('unexpected', this.label, 'the created deployment had no id', res.status);
    return parsed.data.id;
  }
}
