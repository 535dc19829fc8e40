import * as z from 'zod/mini';
import { environmentType } from '../../../config/engines/environmentTypes';
import type { GithubEngine } from '../../../config/engines/githubEngine';
import { ChangeTrailError } from '../../../errors';
import { TrackerError } from '../../../net/trackerError';
import type { DeploymentRecord, LogEntry } from '../../changeRecord';
import type { DeliveryOptions, DeliveryResult, RecordSink } from '../recordSink';
import { deploymentById, rolledBack } from './carriedRecords';
import { EngineHttp, refusal } from './engineHttp';
import type { EngineSinkSetup } from './engineSinkSetup';
import { cutText } from './cutText';
import { recordLink } from './recordLink';
import { withoutTrailingSlashes } from '../../../net/trailingSlashes';

// https://docs.github.com/en/rest/deployments/deployments and https://docs.github.com/en/rest/deployments/statuses
const deploymentSchema = z.object({ id: z.number(), sha: z.string(), environment: z.string(), payload: z.optional(z.unknown()) });
const statusSchema = z.object({ state: z.string() });
type GithubState = 'success' | 'failure' | 'inactive';

/** The record id in a deployment's payload (GitHub returns the payload as an object, older servers as a JSON string). */
function payloadRecordId(payload: unknown): string | undefined {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const id = (value as { changetrail?: unknown } | null)?.changetrail;
  return typeof id === 'string' ? id : undefined;
}

/**
 * GitHub deployments, so the repository's environments page matches the change log: a deployment
 * per record (ref = its commit, payload.changetrail = the record id, found again before creating
 * so a retry never makes a second one), then its status: success; a rollback's own deployment
 * success and the undone one inactive; failure for the deployment an incident names as its cause.
 */
export class GithubDeploymentsSink implements RecordSink {
  readonly id = 'github-deployments';
  readonly label: string;
  private readonly http: EngineHttp;
  private readonly repoUrl: string;

  constructor(
    private readonly config: GithubEngine,
    private readonly setup: EngineSinkSetup,
  ) {
    this.label = `GitHub deployments (${config.owner}/${config.repo})`;
    this.repoUrl = `${withoutTrailingSlashes(config.apiBaseUrl ?? 'https://api.github.com')}/repos/${encodeURIComponent(config.owner)}/${encodeURIComponent(config.repo)}`;
    this.http = new EngineHttp(this.label, setup, {
      auth: 'set the GitHub token again (SecretStorage, or CHANGETRAIL_GITHUB_TOKEN)',
      forbidden: 'the token needs the repo_deployment scope (or "Deployments: write")',
      notFound: `check engines.github.owner and repo (${config.owner}/${config.repo}) and that the token can see the repository`,
    });
  }

  async deliver(entry: LogEntry, { signal }: DeliveryOptions): Promise<DeliveryResult> {
    const token = await this.setup.secret('github', 'token');
    if (!token) throw new ChangeTrailError('ConfigInvalid', `${this.label}: no token set (SecretStorage, or CHANGETRAIL_GITHUB_TOKEN)`);
    const call = new Calls(this.http, this.repoUrl, token, signal);
    if (entry.schema === 'changetrail/incident') {
      if (entry.cause?.kind !== 'deployment') return {};
      const caused = await deploymentById(this.setup.index, entry.cause.deployment);
      const found = caused && (await call.find(caused));
      if (found) await this.setStatus(call, found, caused!, 'failure', `Caused incident: ${entry.title}`);
      return found ? {} : { warnings: [`the deployment ${entry.cause.deployment ?? ''} this incident blames is not on GitHub; no failure status was set`] };
    }
    if (entry.schema !== 'changetrail/deployment') return {};
    const id = (await call.find(entry)) ?? (await this.create(call, entry));
    await this.setStatus(call, id, entry, 'success', entry.kind === 'rollback' ? `Rollback by ${entry.by.name}` : `Deployed by ${entry.by.name}`);
    const undone = await rolledBack(this.setup.index, entry);
    const undoneId = undone && (await call.find(undone));
    if (undoneId) await this.setStatus(call, undoneId, undone!, 'inactive', `Rolled back by ${entry.id}`);
    return {};
  }

  private async create(call: Calls, record: DeploymentRecord): Promise<number> {
    const res = await call.send('POST', '/deployments', {
      ref: record.commit,
      environment: record.environment,
      auto_merge: false,
      required_contexts: [],
      payload: { changetrail: record.id, records: record.records },
      description: cutText(record.note ?? `ChangeTrail ${record.kind === 'rollback' ? 'rollback' : 'deployment'} ${record.id}`, 140),
      production_environment: environmentType(record.environment, this.config.environmentTypes) === 'production',
      transient_environment: false,
    });
    // 202 is GitHub's "merged the default branch first" answer, which auto_merge: false rules out.
    if (res.status !== 201) throw res.status >= 400 ? refusal(this.label, res) : new TrackerError('unexpected', this.label, `creating the deployment answered ${res.status} instead of 201`, res.status);
    const parsed = deploymentSchema.safeParse(res.data);
    if (!parsed.success) throw new TrackerError('unexpected', this.label, 'the created deployment had no id', res.status);
    return parsed.data.id;
  }

  // The newest status first (GitHub lists them so): the same state again is not posted twice.
  private async setStatus(call: Calls, id: number, record: DeploymentRecord, state: GithubState, description: string): Promise<void> {
    const latest = await call.send('GET', `/deployments/${id}/statuses`, undefined, { per_page: 1 });
    const list = z.array(statusSchema).safeParse(latest.data);
    if (latest.status < 300 && list.success && list.data[0]?.state === state) return;
    const res = await call.send('POST', `/deployments/${id}/statuses`, { state, description: cutText(description, 140), log_url: recordLink(record.pipeline?.url), environment: record.environment, auto_inactive: state === 'success' });
    if (res.status >= 400) throw refusal(this.label, res);
  }
}

/** The requests of one delivery, with the token and GitHub's headers. */
class Calls {
  constructor(
    private readonly http: EngineHttp,
    private readonly repoUrl: string,
    private readonly token: string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  send(method: 'GET' | 'POST', path: string, body?: unknown, params?: Record<string, string | number>) {
    const headers = { Authorization: `Bearer ${this.token}`, Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' };
    return this.http.request({ method, url: `${this.repoUrl}${path}`, headers: method === 'POST' ? { ...headers, 'Content-Type': 'application/json' } : headers, body, params, signal: this.signal });
  }

  /** The GitHub deployment made for this record (same sha and environment, our id in the payload). */
  async find(record: DeploymentRecord): Promise<number | undefined> {
    const res = await this.send('GET', '/deployments', undefined, { sha: record.commit, environment: record.environment, per_page: 100 });
    const list = z.array(deploymentSchema).safeParse(res.data);
    if (res.status >= 300 || !list.success) return undefined;
    return list.data.find((d) => payloadRecordId(d.payload) === record.id)?.id;
  }
}
