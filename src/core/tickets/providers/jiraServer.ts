import * as z from 'zod/mini';
import type { TrackerConfig } from '../../config/teamConfigSchema';
import { JiraProvider } from './jiraProvider';
import {
  ISSUE_FIELDS,
  PAGE_SIZE,
  jiraRequest,
  jiraIssueSchema,
  parseAnswer,
  toSummary,
} from './jiraShared';
import type { ProviderDeps, TicketSummary } from './trackerProvider';

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
export class JiraServerProvider extends JiraProvider {
  constructor(config: Extract<TrackerConfig, { type: 'jira-server' }>, deps: ProviderDeps, projects: readonly string[]) {
    super(config, deps, projects, 'Jira Data Center', '2');
  }

  /** v2 takes a plain string (rendered as wiki markup); Markdown's lines read fine as it is. */
  protected commentBody(markdown: string): unknown {
    return markdown;
  }

  protected async searchAll(jql: string, max: number, signal?: AbortSignal): Promise<{ tickets: TicketSummary[]; pages: number }> {
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
