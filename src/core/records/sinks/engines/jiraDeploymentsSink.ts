import * as z from 'zod/mini';
import { excerpt } from '../../../log';
import { environmentType } from '../../../config/engines/environmentTypes';
import type { JiraEngine } from '../../../config/engines/jiraEngine';
import { TrackerError } from '../../../net/trackerError';
import type { DeploymentRecord, LogEntry } from '../../changeRecord';
import { type DeliveryOptions, type DeliveryResult, PermanentDeliveryError, type RecordSink } from '../recordSink';
import { carriedTickets, rolledBack } from './carriedRecords';
import { EngineHttp, refusal, warn } from './engineHttp';
import type { EngineSinkSetup } from './engineSinkSetup';
import { type JiraDeployment, jiraDeployment } from './jiraDeployment';
import { JiraToken } from './jiraToken';
import { nonBlank, recordLink } from './recordLink';
import { withoutTrailingSlashes } from '../../../net/trailingSlashes';

// https://developer.atlassian.com/cloud/jira/software/rest/api-group-deployments/#api-rest-deployments-0-1-bulk-post
// With OAuth client credentials the path is <api>/jira/deployments/0.1/cloud/{cloudId}/bulk
// (https://developer.atlassian.com/cloud/jira/software/integrate-jsw-cloud-with-onpremises-tools/).
const keySchema = z.object({ pipelineId: z.string(), environmentId: z.string(), deploymentSequenceNumber: z.number() });
const bulkReplySchema = z.object({
  acceptedDeployments: z.optional(z.array(keySchema)),
  rejectedDeployments: z.optional(z.array(z.object({ key: keySchema, errors: z.array(z.object({ message: z.string() })) }))),
  unknownIssueKeys: z.optional(z.array(z.string())),
});

/** What the last delivery left behind: the keys Jira did not know and the deployments it refused. */
export interface JiraDeliveryResult extends DeliveryResult {
  readonly unknownIssueKeys: readonly string[];
  readonly rejected: readonly string[];
}

/** Most association values (ticket keys) Jira takes for one deployment ("maxItems: 500" in the bulk schema). */
const MAX_ASSOCIATION_VALUES = 500;

/** Jira keys look like ABC-123; other trackers' ids (#42, LIN-style keys do match) are not sent. */
const JIRA_KEY = /^[A-Z][A-Z0-9_]{0,254}-\d{1,18}$/;

/**
 * Every deployment and rollback as a Jira deployment, so each ticket's development panel shows
 * where it is live: state successful, a rolled-back deployment re-sent as rolled_back (with a
 * larger updateSequenceNumber) when its rollback arrives. Change records and incidents are
 * acknowledged without sending. Stable deploymentSequenceNumbers make a retry an update.
 */
export class JiraDeploymentsSink implements RecordSink {
  readonly id = 'jira-deployments';
  readonly label = 'Jira deployments';
  /** The last delivery's unknown keys and rejections, for status views. */
  lastResult?: JiraDeliveryResult;
  private readonly http: EngineHttp;
  private readonly token: JiraToken;
  private readonly api: string;

  constructor(
    private readonly config: JiraEngine,
    private readonly setup: EngineSinkSetup,
  ) {
    this.api = withoutTrailingSlashes(config.apiBaseUrl ?? 'https://api.atlassian.com');
    this.http = new EngineHttp(this.label, setup, {
      auth: 'set the Jira OAuth client id and secret again (Jira admin > Apps > OAuth credentials)',
      forbidden: 'the OAuth credentials lack the Deployments permission, or belong to another site (engines.jira.cloudId)',
      notFound: 'check engines.jira.cloudId and engines.jira.apiBaseUrl',
    });
    this.token = new JiraToken(this.http, this.api, (name) => setup.secret('jira', name));
  }

  async deliver(entry: LogEntry, { signal }: DeliveryOptions): Promise<JiraDeliveryResult> {
    if (entry.schema !== 'changetrail/deployment') return { unknownIssueKeys: [], rejected: [] };
    const warnings: string[] = [];
    const deployments = await this.deploymentsFor(entry, warnings);
    if (deployments.length === 0) {
      const nothing = `nothing to send: the change records of deployment ${entry.id} name no Jira ticket key (ABC-123)`;
      this.setup.logger.info(`${this.label}: ${nothing}`);
      return { unknownIssueKeys: [], rejected: [], warnings: [nothing] };
    }
    const res = await this.post({ deployments, providerMetadata: { product: 'ChangeTrail' } }, signal);
    if (res.status >= 400) throw refusal(this.label, res);
    const parsed = bulkReplySchema.safeParse(res.data ?? {});
    if (!parsed.success) throw new TrackerError('unexpected', this.label, `the bulk answer had an unknown shape (${parsed.error.issues[0]?.message ?? 'invalid'})`, res.status);
    const reply = parsed.data;
    const unknownIssueKeys = reply.unknownIssueKeys ?? [];
    const rejected = (reply.rejectedDeployments ?? []).map((r) => `${r.key.environmentId} #${r.key.deploymentSequenceNumber}: ${r.errors.map((e) => e.message).join('; ')}`);
    if (unknownIssueKeys.length) warnings.push(warn(this.setup.logger, this.label, `Jira does not know ${excerpt(unknownIssueKeys.join(', '), 200)}; the deployment does not show on those tickets`));
    for (const r of rejected) warnings.push(warn(this.setup.logger, this.label, `rejected ${r}`));
    this.lastResult = { url: deployments[0].url, unknownIssueKeys, rejected, ...(warnings.length ? { warnings } : {}) };
    if (rejected.length > 0 && (reply.acceptedDeployments ?? []).length === 0) throw new PermanentDeliveryError(`${this.label}: Jira rejected every deployment: ${rejected.join(' | ')}`);
    return this.lastResult;
  }

  private async deploymentsFor(entry: DeploymentRecord, warnings: string[]): Promise<JiraDeployment[]> {
    const own = await carriedTickets(this.setup.index, entry);
    const undone = await rolledBack(this.setup.index, entry);
    const undoneKeys = undone ? await carriedTickets(this.setup.index, undone) : [];
    const out: JiraDeployment[] = [];
    // A rollback shows on the tickets it took out of the environment as well as its own.
    const ownKeys = jiraKeys([...own, ...undoneKeys]);
    if (ownKeys.length) out.push(this.toJira(entry, 'successful', entry, ownKeys, warnings));
    if (undone && jiraKeys(undoneKeys).length) out.push(this.toJira(undone, 'rolled_back', entry, jiraKeys(undoneKeys), warnings));
    return out;
  }

  private toJira(record: DeploymentRecord, state: 'successful' | 'rolled_back', cause: DeploymentRecord, all: string[], warnings: string[]): JiraDeployment {
    // Jira refuses the whole request when one deployment's associations hold more than 500 values;
    // the first 500 keep the deployment on those tickets, and the rest are named in the log.
    const keys = all.slice(0, MAX_ASSOCIATION_VALUES);
    if (all.length > keys.length) warnings.push(warn(this.setup.logger, this.label, `deployment ${record.id} carries ${all.length} ticket keys; Jira takes ${MAX_ASSOCIATION_VALUES} per deployment, so ${all.length - keys.length} were not sent (${excerpt(all.slice(keys.length).join(', '), 200)})`));
    // The record's pipeline comes unchecked from whoever recorded it: a blank id or name, or a url
    // Jira would refuse (not http(s), longer than 2000), falls back to the configured one.
    const configured = this.config.pipeline;
    const own = recordLink(record.pipeline?.url);
    const id = nonBlank(record.pipeline?.id) ?? configured?.id ?? 'changetrail';
    const pipeline = {
      id,
      displayName: nonBlank(record.pipeline?.name) ?? nonBlank(configured?.displayName) ?? id,
      url: own ?? configured?.url ?? this.config.url,
    };
    return jiraDeployment({ record, state, cause, keys, pipeline, url: own ?? this.config.url, environmentType: environmentType(record.environment, this.config.environmentTypes) });
  }

  // One retry with a fresh token when Jira refuses the cached one (revoked, or expired early).
  private async post(body: unknown, signal: AbortSignal | undefined) {
    const url = `${this.api}/jira/deployments/0.1/cloud/${encodeURIComponent(this.config.cloudId)}/bulk`;
    const send = async () => this.http.request({ method: 'POST', url, headers: { Authorization: `Bearer ${await this.token.get(signal)}`, 'Content-Type': 'application/json' }, body, signal });
    try {
      return await send();
    } catch (error) {
      if (!(error instanceof TrackerError) || error.status !== 401) throw error;
      this.token.drop();
      return send();
    }
  }
}

function jiraKeys(keys: readonly string[]): string[] {
  return [...new Set(keys.filter((k) => JIRA_KEY.test(k)))];
}
