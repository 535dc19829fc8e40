import type { TrackerConfig } from '../../config/teamConfigSchema';
import { trackerIdOf } from '../../config/teamConfigSchema';
import { type JiraContext, RECENT_LIMIT, authOf, collectRecent, findComment, getIssue, hostOf, normalizeBaseUrl, pickIssues, postComment, recentQueries } from './jiraShared';
import type { ProviderDeps, QueryOptions, TicketSummary, TrackerProvider } from './trackerProvider';

type JiraConfig = Extract<TrackerConfig, { type: 'jira-cloud' | 'jira-server' }>;

/**
 * What Jira Cloud and Data Center share: the picker for as-you-type search, recent issues
 * (assigned to me first), one issue, comments. The flavours differ in how they page a search
 * and in the comment body they accept.
 */
export abstract class JiraProvider implements TrackerProvider {
  readonly id: string;
  readonly label: string;
  protected readonly ctx: JiraContext;

  protected constructor(
    private readonly config: JiraConfig,
    deps: ProviderDeps,
    projects: readonly string[],
    flavour: string,
    api: '2' | '3',
  ) {
    const baseUrl = normalizeBaseUrl(config.baseUrl);
    this.id = trackerIdOf(config);
    this.label = `${flavour} (${hostOf(baseUrl)})`;
    const { headers, secrets } = authOf(deps.credentials);
    this.ctx = { http: deps.http, logger: deps.logger, baseUrl, label: this.label, headers, secrets, api, projects };
  }

  search(query: string, options: QueryOptions = {}): Promise<TicketSummary[]> {
    return pickIssues(this.ctx, query, this.config.jql, options);
  }

  recent(options: QueryOptions = {}): Promise<TicketSummary[]> {
    const queries = recentQueries(this.config.jql, this.ctx.projects);
    return collectRecent(this.ctx, queries, options.limit ?? RECENT_LIMIT, (jql, max) => this.searchAll(jql, max, options.signal));
  }

  get(key: string, options: QueryOptions = {}): Promise<TicketSummary | undefined> {
    return getIssue(this.ctx, key, options);
  }

  comment(key: string, markdown: string, options: QueryOptions = {}): Promise<{ readonly url?: string }> {
    return postComment(this.ctx, key, this.commentBody(markdown), options);
  }

  findComment(key: string, marker: string, options: QueryOptions = {}): Promise<{ readonly url?: string } | undefined> {
    return findComment(this.ctx, key, marker, options);
  }

  /** The comment body this flavour accepts for `markdown`. */
  protected abstract commentBody(markdown: string): unknown;

  /** Up to `max` issues for `jql`, paging as this flavour does. */
  protected abstract searchAll(jql: string, max: number, signal?: AbortSignal): Promise<{ tickets: TicketSummary[]; pages: number }>;
}
