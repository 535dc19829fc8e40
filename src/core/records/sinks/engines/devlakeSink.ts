import { systemClock } from '../../../clock';
import type { DevlakeEngineConfig } from '../../../config/engines/devlakeEngineSchema';
import { ChangeTrailError } from '../../../errors';
import { DEFAULT_NETWORK } from '../../../net/networkOptions';
import type { ChangeRecord, DeploymentRecord, IncidentRecord, LogEntry } from '../../changeRecord';
import { ChannelHttp, type ChannelPoster, checkChannelUrl } from '../channelPost';
import type { DeliveryOptions, RecordSink } from '../recordSink';
import { commitSubject, originUrl } from './engineGitFacts';
import type { EngineSinkSetup } from './engineSinkSetup';
import { eventEngineFailure } from './eventEngineFailure';
import { devlakeEnvironment, devlakeIssueStatus } from './devlakeVocabulary';
import { nonBlank, recordLink } from './recordLink';
import { withoutTrailingSlashes } from '../../../net/trailingSlashes';

/**
 * Apache DevLake's Incoming Webhook (https://devlake.apache.org/docs/Plugins/webhook):
 * a deployment or rollback becomes a DevLake deployment (POST .../deployments, id = the record's
 * id, so a retry updates the same row), with one `deploymentCommits` item for this repository and
 * one per other repository whose change records the deployment carried; an incident becomes an
 * INCIDENT issue (POST .../issues, issue_key = incidentId, so updates and retries land on one
 * issue) and is closed on resolve (POST .../issue/:issueKey/close). Change records go nowhere:
 * DevLake takes commits from its git plugins. The API key goes as `Authorization: Bearer`.
 */
export class DevlakeSink implements RecordSink {
  readonly id = 'devlake';
  readonly label: string;
  private readonly base: string;
  private readonly http: ChannelPoster;

  constructor(
    private readonly config: DevlakeEngineConfig,
    private readonly setup: EngineSinkSetup,
    http?: ChannelPoster,
  ) {
    const url = checkChannelUrl(config.url, 'engines.devlake');
    this.label = `DevLake (${url.host})`;
    this.base = `${url.origin}${withoutTrailingSlashes(url.pathname)}/api/rest/plugins/webhook/connections/${config.connectionId}`;
    this.http = http ?? new ChannelHttp(this.label, setup.network ?? DEFAULT_NETWORK, setup.logger);
  }

  async deliver(entry: LogEntry, options: DeliveryOptions): Promise<{ readonly url?: string }> {
    if (entry.schema === 'changetrail/change') return {};
    const key = await this.setup.secret('devlake', 'apiKey');
    // Not final: once the key is set, the next retry goes out.
    if (!key) throw new ChangeTrailError('ConfigInvalid', `${this.label}: no API key set (CHANGETRAIL_DEVLAKE_API_KEY in CI; in the editor the SecretStorage entry changetrail.engine.devlake.apiKey); kept in the outbox`);
    if (entry.schema === 'changetrail/deployment') {
      await this.post('/deployments', await this.deploymentBody(entry), key, options);
      return {};
    }
    await this.incident(entry, key, options);
    return {};
  }

  private async incident(entry: IncidentRecord, key: string, options: DeliveryOptions): Promise<void> {
    const issueKey = entry.incidentId;
    // Resolving is two calls; a retry after the first worked goes straight to the close.
    if (!options.progress?.has('issue')) {
      await this.post('/issues', this.issueBody(entry), key, options);
      await options.progress?.mark('issue');
    }
    if (entry.status === 'resolved') await this.post(`/issue/${encodeURIComponent(issueKey)}/close`, undefined, key, options);
  }

  private issueBody(entry: IncidentRecord): Record<string, unknown> {
    const summary = entry.cause?.summary ?? entry.notes ?? '';
    return {
      issue_key: entry.incidentId,
      title: entry.title,
      description: [summary, entry.systems.length ? `Systems: ${entry.systems.join(', ')}` : '', `Impact: ${entry.impact}`].filter(Boolean).join('\n'),
      url: entry.alert?.url ?? '',
      type: 'INCIDENT',
      status: devlakeIssueStatus(entry.status),
      original_status: entry.status,
      created_date: entry.detectedAt,
      updated_date: entry.createdAt,
      ...(entry.resolvedAt ? { resolution_date: entry.resolvedAt } : {}),
      priority: `level ${entry.level}`,
      severity: entry.impact,
      component: entry.systems.join(','),
      creator_name: entry.by.name,
      ...(entry.responders[0] ? { assignee_name: entry.responders[0] } : {}),
    };
  }

  private async deploymentBody(entry: DeploymentRecord): Promise<Record<string, unknown>> {
    const repoUrl = this.config.repoUrl ?? (await originUrl(this.setup.repoRoot));
    if (!repoUrl) throw new ChangeTrailError('ConfigInvalid', `${this.label}: no repository URL: set engines.devlake.repoUrl or an "origin" remote`);
    const rollback = entry.kind === 'rollback';
    const title = `${rollback ? 'Rollback' : 'Deploy'} ${entry.commit.slice(0, 12)} to ${entry.environment}${entry.note ? `: ${entry.note}` : ''}`;
    const at = entry.createdAt;
    const commits: Record<string, unknown>[] = [
      { repoUrl, commitSha: entry.commit, commitMsg: (await commitSubject(this.setup.repoRoot, entry.commit)) ?? '', displayTitle: title, name: title, startedDate: at, finishedDate: at },
    ];
    for (const record of await this.otherRepositories(entry, repoUrl)) {
      const sha = record.commits[0]?.sha;
      if (sha && record.repository) commits.push({ repoUrl: record.repository, commitSha: sha, commitMsg: record.commits[0]?.subject ?? '', refName: record.branch ?? '', displayTitle: record.title, name: record.title, startedDate: at, finishedDate: at });
    }
    return {
      id: entry.id,
      displayTitle: title,
      name: nonBlank(entry.pipeline?.name) ?? title,
      result: 'SUCCESS',
      environment: devlakeEnvironment(entry.environment, this.config.environments),
      url: recordLink(entry.pipeline?.url) ?? '',
      createdDate: at,
      startedDate: at,
      finishedDate: at,
      deploymentCommits: commits,
    };
  }

  // The change records the deployment carried that live in another repository (a multi-repository
  // release), one per repository: its first listed commit (git log order, the newest).
  private async otherRepositories(entry: DeploymentRecord, repoUrl: string): Promise<ChangeRecord[]> {
    if (!this.setup.index || entry.records.length === 0) return [];
    const byRepo = new Map<string, ChangeRecord>();
    const same = (a: string) => withoutGitSuffix(a) === withoutGitSuffix(repoUrl);
    for (const id of entry.records) {
      const record = await this.setup.index.get(id);
      if (record?.schema !== 'changetrail/change' || !record.repository || same(record.repository) || record.commits.length === 0) continue;
      if (!byRepo.has(record.repository)) byRepo.set(record.repository, record);
    }
    return [...byRepo.values()];
  }

  private async post(path: string, body: unknown, key: string, options: DeliveryOptions): Promise<void> {
    const url = new URL(`${this.base}${path}`);
    const payload = Buffer.from(body === undefined ? '' : JSON.stringify(body), 'utf8');
    const res = await this.http.post(url, payload, options.signal, { Authorization: `Bearer ${key}`, 'Idempotency-Key': options.idempotencyKey });
    if (res.status >= 200 && res.status < 300) return;
    const now = (this.setup.clock ?? systemClock).now();
    throw eventEngineFailure(this.label, res, now, 'set the DevLake API key (a key whose allowed path covers this webhook connection)', [key]);
  }
}

/** A repository URL without trailing slashes and `.git`, compared as DevLake's repoUrl; linear (no backtracking regex on the log's text). */
function withoutGitSuffix(url: string): string {
  const trimmed = withoutTrailingSlashes(url);
  return trimmed.endsWith('.git') ? trimmed.slice(0, -4) : trimmed;
}
