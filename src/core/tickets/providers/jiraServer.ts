import * as z from 'zod/mini';
import { type TrackerConfig, trackerIdOf } from '../../config/teamConfigSchema';
import {
  ISSUE_FIELDS,
  type JiraContext,
  PAGE_SIZE,
  RECENT_LIMIT,
  authOf,
  collectRecent,
  getIssue,
  jiraRequest,
  jiraIssueSchema,
  normalizeBaseUrl,
  parseAnswer,
  pickIssues,
  postComment,
  recentQueries,
  hostOf,
  toSummary,
} from './jiraShared';
import type { ProviderDeps, QueryOptions, TicketSummary, TrackerProvider } from './trackerProvider';

/** GET /rest/api/2/search: offset paging with startAt, maxResults (possibly capped by the server) and total. */
const searchPageSchema = z.object({
  // issues first: for an error object in its place, the message should name issues, not startAt.
  issues: z.array(jiraIssueSchema),
  startAt: z.number(),
  maxResults: z.number(),
  total: z.number(),
});

/**
 * Jira Data Center/Server over REST v2, signed in with a personal access token (Bearer). The base
 * URL keeps its context path (https://jira.acme.com/jira).
 */
export class JiraServerProvider implements TrackerProvider {
  readonly id: string;
  readonly label: string;
  private readonly ctx: JiraContext;

  constructor(
    private readonly config: Extract<TrackerConfig, { type: 'jira-server' }>,
    deps: ProviderDeps,
    projects: readonly string[],
  ) {
    const baseUrl = normalizeBaseUrl(config.baseUrl);
    this.id = trackerIdOf(config);
    this.label = `Jira Data Center (${hostOf(baseUrl)})`;
    const { headers, secrets } = authOf(deps.credentials);
    this.ctx = { http: deps.http, logger: deps.logger, baseUrl, label: this.label, headers, secrets, api: '2', projects };
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
    // v2 takes a plain string (rendered as wiki markup); Markdown's lines read fine as it is.
    return postComment(this.ctx, key, markdown, options);
  }

  private async searchAll(jql: string, max: number, signal?: AbortSignal): Promise<{ tickets: TicketSummary[]; pages: number }> {
    const endpoint = '/rest/api/2/search';
    const tickets: TicketSummary[] = [];
    let startAt = 0;
    let pages = 0;
    while (tickets.length < max) {
      const res = await jiraRequest(this.ctx, {
        url: `${this.ctx.baseUrl}${endpoint}`,
        params: { jql, startAt, maxResults: Math.min(PAGE_SIZE, max - tickets.length), fields: ISSUE_FIELDS },
        signal,
      });
      const page = parseAnswer(searchPageSchema, res.data, this.ctx, endpoint);
      pages++;
      tickets.push(...page.issues.map((issue) => toSummary(issue, this.ctx.baseUrl)));
      // Advance by what came back: the server may cap maxResults (jira.search.views.default.max).
      startAt = page.startAt + page.issues.length;
      if (page.issues.length === 0 || startAt >= page.total) break;
    }
    return { tickets: tickets.slice(0, max), pages };
  }
}
