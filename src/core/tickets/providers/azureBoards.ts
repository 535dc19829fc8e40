import * as z from 'zod/mini';
import { type TrackerConfig, trackerIdOf } from '../../config/teamConfigSchema';
import type { HttpRequest, HttpResponse } from '../../net/httpClient';
import { TrackerError } from '../../net/trackerError';
import type { CommentOptions, ProviderDeps, QueryOptions, TicketSummary, TrackerProvider } from './trackerProvider';
import { carriesMarker, withHiddenMarker } from './commentMarker';
import { withoutTrailingSlashes } from '../../net/trailingSlashes';

type AzureBoardsConfig = Extract<TrackerConfig, { type: 'azure-boards' }>;

const DEFAULT_BASE_URL = 'https://dev.azure.com';
const API_VERSION = '7.1';
// Work item comments are still a preview API; without the suffix the service refuses the call.
const COMMENTS_API_VERSION = '7.1-preview.4';
// The work items list endpoint takes at most 200 ids per call.
const BATCH_SIZE = 200;
const DEFAULT_RECENT = 500;
// A WIQL query returns at most 20,000 work items (https://learn.microsoft.com/en-us/azure/devops/boards/queries/wiql-syntax).
const WIQL_MAX = 20_000;
const DEFAULT_SEARCH = 50;
const MAX_WORDS = 8;
const FIELDS = ['System.Title', 'System.State', 'System.AssignedTo', 'System.ChangedDate'].join(',');

const wiqlResult = z.object({ workItems: z.array(z.object({ id: z.number() })) });

const workItem = z.object({
  id: z.number(),
  fields: z.object({
    'System.Title': z.string(),
    'System.State': z.optional(z.string()),
    // An identity object since api-version 5.0, absent when nobody is assigned.
    'System.AssignedTo': z.optional(z.object({ displayName: z.string() })),
    'System.ChangedDate': z.optional(z.string()),
  }),
  _links: z.optional(z.object({ html: z.optional(z.object({ href: z.string() })) })),
});
type WorkItem = z.infer<typeof workItem>;

// errorPolicy=omit answers a deleted or unreadable id with null instead of failing the batch.
const workItemList = z.object({ value: z.array(z.nullable(workItem)) });
// The reference's sample reply names the id commentId; the Comment contract calls it id
// (https://learn.microsoft.com/en-us/rest/api/azure/devops/wit/comments/add-comment). Either will do.
const commentResult = z.union([z.object({ id: z.number() }), z.object({ commentId: z.number() })]);

const commentList = z.object({ comments: z.array(z.object({ text: z.optional(z.string()) })) });

// AB#12 (the key GitHub and commit messages use), #12 or 12.
const WORK_ITEM_KEY = /^(?:AB)?#?(\d+)$/i;

// WIQL answers ids only, so fields come from the work items list in a second step; a PAT goes
// in Basic auth with an empty user name, as Azure DevOps documents.
/** Azure Boards (Azure DevOps Services or Server) through its REST API, keyed AB#123. */
export class AzureBoardsProvider implements TrackerProvider {
  readonly id: string;
  readonly label: string;
  private readonly projectUrl: string;

  constructor(
    config: AzureBoardsConfig,
    private readonly deps: ProviderDeps,
  ) {
    this.id = trackerIdOf(config);
    this.label = `Azure Boards (${config.organization}/${config.project})`;
    const base = withoutTrailingSlashes(config.baseUrl ?? DEFAULT_BASE_URL);
    this.projectUrl = `${base}/${encodeURIComponent(config.organization)}/${encodeURIComponent(config.project)}`;
  }

  async search(query: string, options: QueryOptions = {}): Promise<TicketSummary[]> {
    const text = query.trim();
    if (text === '') return [];
    if (WORK_ITEM_KEY.test(text)) {
      const one = await this.get(text, options);
      return one ? [one] : [];
    }
    const words = text.split(/\s+/).slice(0, MAX_WORDS);
    const where = words.map((w) => `[System.Title] CONTAINS '${wiqlString(w)}'`).join(' AND ');
    return this.fetch(await this.wiql(where, options.limit ?? DEFAULT_SEARCH, options), options);
  }

  async recent(options: QueryOptions = {}): Promise<TicketSummary[]> {
    const limit = options.limit ?? DEFAULT_RECENT;
    if (limit > WIQL_MAX) options.onShort?.(`Azure DevOps answers at most ${WIQL_MAX.toLocaleString('en')} work items per query`);
    return this.fetch(await this.wiql(undefined, Math.min(limit, WIQL_MAX), options), options);
  }

  async get(key: string, options: QueryOptions = {}): Promise<TicketSummary | undefined> {
    const id = idOf(key);
    if (id === undefined) return undefined;
    const [item] = await this.fetch([id], options);
    return item;
  }

  async comment(key: string, markdown: string, options: CommentOptions = {}): Promise<{ readonly url?: string }> {
    const id = idOf(key);
    if (id === undefined) throw new TrackerError('notFound', this.label, `${key} is not an Azure Boards work item (expected AB#123)`);
    let response: HttpResponse;
    try {
      response = await this.request({
        method: 'POST',
        url: `${this.projectUrl}/_apis/wit/workItems/${id}/comments`,
        params: { format: 'markdown', 'api-version': COMMENTS_API_VERSION },
        body: { text: withHiddenMarker(markdown, options.marker) },
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof TrackerError && error.status === 404) throw new TrackerError('notFound', this.label, `work item AB#${id} does not exist (or this token cannot see it); no comment was posted`, 404);
      throw error;
    }
    this.parse(commentResult, response, 'the new comment');
    return { url: this.webUrl(id) };
  }

  async findComment(key: string, marker: string, options: QueryOptions = {}): Promise<{ readonly url?: string } | undefined> {
    const id = idOf(key);
    if (id === undefined) return undefined;
    const response = await this.request({
      url: `${this.projectUrl}/_apis/wit/workItems/${id}/comments`,
      params: { $top: 200, order: 'desc', 'api-version': COMMENTS_API_VERSION },
      signal: options.signal,
    });
    const found = this.parse(commentList, response, 'the comments').comments.some((c) => carriesMarker(c.text, marker));
    return found ? { url: this.webUrl(id) } : undefined;
  }

  /** Ids matching `where` in this project, most recently changed first. */
  private async wiql(where: string | undefined, top: number, options: QueryOptions): Promise<number[]> {
    const condition = where ? ` AND ${where}` : '';
    const response = await this.request({
      method: 'POST',
      url: `${this.projectUrl}/_apis/wit/wiql`,
      params: { 'api-version': API_VERSION, $top: top },
      body: { query: `SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project${condition} ORDER BY [System.ChangedDate] DESC` },
      signal: options.signal,
    });
    return this.parse(wiqlResult, response, 'the query result').workItems.map((w) => w.id).slice(0, top);
  }

  /** Work items by id, in the order asked for, fetched in batches the service accepts. */
  private async fetch(ids: readonly number[], options: QueryOptions): Promise<TicketSummary[]> {
    const out: TicketSummary[] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) {
      const batch = ids.slice(i, i + BATCH_SIZE);
      const response = await this.request({
        url: `${this.projectUrl}/_apis/wit/workitems`,
        params: { ids: batch.join(','), fields: FIELDS, errorPolicy: 'omit', 'api-version': API_VERSION },
        signal: options.signal,
      });
      const byId = new Map<number, WorkItem>();
      for (const item of this.parse(workItemList, response, 'the work items').value) if (item) byId.set(item.id, item);
      for (const id of batch) {
        const item = byId.get(id);
        if (item) out.push(this.toSummary(item));
      }
    }
    return out;
  }

  private async request(req: HttpRequest): Promise<HttpResponse> {
    try {
      return await this.deps.http.request({ ...req, headers: { Authorization: this.authorization(), 'Content-Type': 'application/json' } });
    } catch (error) {
      // Azure DevOps answers an expired or revoked PAT with 203 and its HTML sign-in page.
      if (error instanceof TrackerError && error.status === 203) {
        throw new TrackerError('auth', this.label, 'Azure DevOps answered with its sign-in page (203): the personal access token has probably expired or been revoked; create a new one and sign in again with "ChangeTrail: Sign In to Tracker..."', 203);
      }
      throw error;
    }
  }

  private authorization(): string {
    const { credentials } = this.deps;
    if (credentials.kind === 'bearer' && credentials.token.trim() !== '') return `Basic ${Buffer.from(`:${credentials.token.trim()}`).toString('base64')}`;
    if (credentials.kind === 'basic' && credentials.token.trim() !== '') return `Basic ${Buffer.from(`${credentials.username.trim()}:${credentials.token.trim()}`).toString('base64')}`;
    throw new TrackerError('auth', this.label, 'no personal access token: sign in with "ChangeTrail: Sign In to Tracker..." and paste an Azure DevOps PAT with the Work Items (Read) scope');
  }

  private parse<T>(schema: z.ZodMiniType<T>, response: HttpResponse, what: string): T {
    const parsed = schema.safeParse(response.data);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new TrackerError('unexpected', this.label, `${what} from Azure DevOps has an unexpected shape at ${issue.path.join('.') || 'the top'} (${issue.message}); check the base URL, or ChangeTrail may need an update`);
  }

  private toSummary(item: WorkItem): TicketSummary {
    const f = item.fields;
    return {
      key: `AB#${item.id}`,
      title: f['System.Title'],
      status: f['System.State'],
      assignee: f['System.AssignedTo']?.displayName,
      url: item._links?.html?.href ?? this.webUrl(item.id),
      updated: f['System.ChangedDate'],
    };
  }

  private webUrl(id: number): string {
    return `${this.projectUrl}/_workitems/edit/${id}`;
  }
}

function idOf(key: string): number | undefined {
  const match = WORK_ITEM_KEY.exec(key.trim());
  return match ? Number(match[1]) : undefined;
}

/** A WIQL string literal's content: single quotes are doubled. */
function wiqlString(text: string): string {
  return text.replace(/'/g, "''");
}
