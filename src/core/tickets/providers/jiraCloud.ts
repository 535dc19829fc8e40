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

type AdfInline = { readonly type: 'text'; readonly text: string } | { readonly type: 'hardBreak' };

/** The subset of the Atlassian Document Format that comments from ChangeTrail use. */
export interface AdfDoc {
  readonly version: 1;
  readonly type: 'doc';
  readonly content: readonly { readonly type: 'paragraph'; readonly content: readonly AdfInline[] }[];
}

/**
 * Markdown as a minimal ADF document: blank-line separated blocks become paragraphs, the lines of a
 * block are kept with hard breaks (so "- item" lists keep their shape); the text is not reformatted.
 */
export function markdownToAdf(markdown: string): AdfDoc {
  const blocks = markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((block) => block.split('\n').map((line) => line.trimEnd()).filter((line) => line !== ''))
    .filter((lines) => lines.length > 0);
  // ADF forbids empty text nodes, so blank lines never become text.
  const content = blocks.map((lines) => ({
    type: 'paragraph' as const,
    content: lines.flatMap((text, i): AdfInline[] => (i === 0 ? [{ type: 'text', text }] : [{ type: 'hardBreak' }, { type: 'text', text }])),
  }));
  return { version: 1, type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph', content: [] }] };
}

/** GET /rest/api/3/search/jql: token paging; the last page has no nextPageToken (and isLast: true). */
const searchPageSchema = z.object({
  issues: z.array(jiraIssueSchema),
  nextPageToken: z.optional(z.nullable(z.string())),
  isLast: z.optional(z.boolean()),
});

/** Jira Cloud over REST v3, signed in with an e-mail address and API token (Basic). */
export class JiraCloudProvider extends JiraProvider {
  constructor(config: Extract<TrackerConfig, { type: 'jira-cloud' }>, deps: ProviderDeps, projects: readonly string[]) {
    super(config, deps, projects, 'Jira Cloud', '3');
  }

  /** v3 takes comment bodies only as ADF; a plain string is refused with 400. */
  protected commentBody(markdown: string): unknown {
    return markdownToAdf(markdown);
  }

  /** Pages through the enhanced search (the old /search with startAt is gone from Cloud). */
  protected async searchAll(jql: string, max: number, signal?: AbortSignal): Promise<{ tickets: TicketSummary[]; pages: number }> {
    const endpoint = '/rest/api/3/search/jql';
    const tickets: TicketSummary[] = [];
    const tokens = new Set<string>();
    let nextPageToken: string | undefined;
    let pages = 0;
    while (tickets.length < max) {
      const res = await jiraRequest(this.ctx, {
        url: `${this.ctx.baseUrl}${endpoint}`,
        params: { jql, fields: ISSUE_FIELDS, maxResults: Math.min(PAGE_SIZE, max - tickets.length), nextPageToken },
        signal,
      });
      const page = parseAnswer(searchPageSchema, res.data, this.ctx, endpoint);
      pages++;
      tickets.push(...page.issues.map((issue) => toSummary(issue, this.ctx.baseUrl)));
      // A repeated token would loop for ever; an empty page means nothing more is coming.
      if (page.isLast === true || !page.nextPageToken || page.issues.length === 0 || tokens.has(page.nextPageToken)) break;
      tokens.add(page.nextPageToken);
      nextPageToken = page.nextPageToken;
    }
    return { tickets: tickets.slice(0, max), pages };
  }
}
